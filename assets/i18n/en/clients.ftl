# Clients: records, list, trash, GDPR.

client-kind-individual = Individual
client-kind-business = Business
client-err-contact-required = Enter the contact person.
client-err-too-many-tags = At most { $max } tags.
client-err-deleted = This client is in the trash: restore it to edit it.
client-err-anonymised = This client was anonymised at their request: the record can no longer be edited.
client-err-open-jobs = This client has { $count ->
    [one] an open or planned job
   *[other] { $count } open or planned jobs
  }: complete or cancel them first.

err-too-long = At most { $max } characters.
err-country = Two-letter country code (FR, BE, CH…).
err-postal-code = Postal code not recognised.

zone-err-area = Area between 0 and 100 m².
zone-err-exists = A zone with this name already exists.
zone-err-in-use = Zone used by { $count ->
    [one] one job
   *[other] { $count } jobs
  }: deactivate it instead of deleting it.
