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

## Record and form
client-field-kind = Client type
client-field-name = Full name
client-field-contact = Contact person
client-field-company = Company name
client-field-siret = SIRET
client-field-vat = VAT number
client-field-email = E-mail
client-field-phone = Phone
client-field-address1 = Address
client-field-address2 = Address line 2
client-field-postal-code = Postal code
client-field-city = City
client-field-country = Country
client-field-country-code = Country ISO code (2 letters)
client-country-other = Other country…
client-field-tags = Tags
client-field-new-tag = New tag
client-tag-hint = New tag (VIP, fleet…)
client-tag-add = Add
client-tag-remove = Remove the tag { $tag }
client-no-tags = No tags
client-field-consent = Agrees to receive marketing offers (GDPR consent)
client-field-notes = Notes

## List
clients-count = { $count ->
    [0] No clients
    [one] 1 client
   *[other] { $count } clients
  }
clients-search = Search clients
clients-search-hint = Name, company, e-mail, phone…
clients-kind-all = All types
clients-tag-all = All tags
clients-filter-kind = Type
clients-filter-tag = Tag
clients-new = New client
clients-export-csv = Export to CSV
clients-exported = { $count } clients exported to { $path }
clients-col-name = Name
clients-col-kind = Type
clients-col-phone = Phone
clients-col-email = E-mail
clients-col-city = City
clients-col-tags = Tags
clients-col-vehicles = Vehicles
clients-col-jobs = Jobs
clients-col-last-job = Last job
clients-empty = No clients yet
clients-empty-hint = Create your first client with "New client".
clients-empty-filtered = No client matches
clients-empty-filtered-hint = Change the search or clear the filters.

## Client page
clients-back = Back
clients-edit = Edit
clients-new-job = New job
clients-add-vehicle = Add a vehicle
clients-export-data = Export data (JSON)
clients-data-exported = Client data exported to { $path }
clients-erase = Anonymise (GDPR)
clients-delete = Delete
clients-anonymised = Anonymised
clients-in-trash = In the trash
clients-contact-person = Contact: { $name }
clients-card-contact = Contact details
clients-card-legal = Legal information
clients-card-more = Tags, consent and notes
clients-card-vehicles = Vehicles
clients-card-jobs = Jobs
clients-address = Address
clients-consent-yes = Agrees to marketing offers
clients-consent-yes-since = Agrees to marketing offers since { $date }
clients-consent-no = Has not agreed to marketing offers
clients-no-notes = No notes.
clients-created-on = Client since { $date }
clients-no-vehicles = No vehicles. Add one with "Add a vehicle".
clients-no-jobs = No jobs for this client
clients-no-jobs-hint = Plan one with "New job".
clients-col-number = Number
clients-col-date = Date
clients-col-status = Status
clients-col-vehicle = Vehicle
clients-overdue = Overdue
clients-total-jobs = Jobs
clients-total-open = Open or planned
clients-total-completed = Completed
clients-total-area = Film applied
clients-total-span = First job on { $first } · latest on { $last }
clients-delete-title = Delete this client?
clients-delete-body = { $name } will be moved to the trash. A supervisor can restore it.
clients-deleted = Client moved to the trash.
clients-erase-title = Anonymise this client?
clients-erase-body = GDPR erasure request for { $name }. Permanently erased: name, e-mail, phone, address, notes, tags, consent, and the notes of their jobs. Kept, no longer linked to the person: their jobs, vehicles and the shop's figures (a company's name and legal numbers stay). This cannot be undone and is recorded in the audit log.
clients-erase-word = ANONYMISE
clients-erase-type = To confirm, type { $word } below.
clients-erase-field = Anonymisation confirmation
clients-erased = Client anonymised.
clients-new-title = New client
clients-edit-title = Edit client
clients-save = Save
clients-cancel = Cancel
clients-created = Client "{ $name }" created.
clients-saved = Client "{ $name }" saved.

## Trash
trash-subtitle = Deleted clients, vehicles and jobs. Restore them in one click.
trash-tab-clients = Clients
trash-tab-vehicles = Vehicles
trash-tab-jobs = Jobs
trash-col-item = Item
trash-col-detail = Details
trash-col-deleted = Deleted on
trash-col-action = Action
trash-restore = Restore
trash-restore-item = Restore { $item }
trash-restored = Item restored.
trash-empty = The trash is empty
trash-empty-hint = What you delete lands here and can be restored.
