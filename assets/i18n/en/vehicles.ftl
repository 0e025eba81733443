# Vehicles.

vehicle-size-small = City car
vehicle-size-medium = Compact / saloon
vehicle-size-large = SUV / large saloon
vehicle-size-xl = Van / large SUV
vehicle-err-plate-taken = Another vehicle already has this plate.
vehicle-err-vin-taken = Another vehicle already has this VIN.
vehicle-err-year = Year between 1900 and { $max }.
vehicle-err-owner = Choose an existing client.
vehicle-err-deleted = This vehicle is in the trash: restore it to edit it.
vehicle-err-restore-clash = Another vehicle now uses this plate or VIN.
vehicle-err-open-jobs = This vehicle has { $count ->
    [one] an open or planned job
   *[other] { $count } open or planned jobs
  }: complete or cancel them first.

err-plate-fr = French plate not recognised (AB-123-CD or 1234 AB 56). Foreign plate? Tick the box.
err-plate-other = 2 to 15 letters or digits.
err-vin-length = A VIN has 17 characters.
err-vin-chars = A VIN has only digits and letters, without I, O or Q.
err-vin-check = Wrong check digit for a North American VIN: check what you typed.

## Form
vehicle-field-plate = Number plate
vehicle-field-foreign = Foreign plate
vehicle-field-vin = VIN
vehicle-field-make = Make
vehicle-field-model = Model
vehicle-field-year = Year
vehicle-field-colour = Colour
vehicle-field-size = Size class
vehicle-field-owner = Owner
vehicle-field-owner-search = Search for the owner
vehicle-field-notes = Vehicle notes
vehicles-owner-set = Client chosen
vehicles-no-owner = No owner
vehicles-owner-clear = Remove
vehicles-owner-none-found = No client found.
vehicles-save = Save vehicle
vehicles-new-title = New vehicle
vehicles-edit-title = Edit vehicle
vehicles-change-owner = Change owner
vehicles-created = Vehicle { $plate } created.
vehicles-saved = Vehicle { $plate } saved.

## List
vehicles-count = { $count ->
    [0] No vehicles
    [one] 1 vehicle
   *[other] { $count } vehicles
  }
vehicles-search = Search vehicles
vehicles-search-hint = Plate (with or without dashes), VIN, make, model…
vehicles-new = New vehicle
vehicles-export-csv = Export to CSV
vehicles-exported = { $count } vehicles exported to { $path }
vehicles-col-plate = Plate
vehicles-col-make = Make and model
vehicles-col-year = Year
vehicles-col-colour = Colour
vehicles-col-owner = Owner
vehicles-col-jobs = Jobs
vehicles-col-zones = Zones
vehicles-empty = No vehicles yet
vehicles-empty-hint = Add one with "New vehicle" or from a client's page.
vehicles-empty-filtered = No vehicle matches
vehicles-empty-filtered-hint = Try part of the plate, the VIN or the model.

## Vehicle page
vehicles-back = Back
vehicles-edit = Edit
vehicles-delete = Delete
vehicles-delete-title = Delete this vehicle?
vehicles-delete-body = Vehicle { $plate } will be moved to the trash. A supervisor can restore it.
vehicles-deleted = Vehicle moved to the trash.
vehicles-card-identity = Vehicle identity
vehicles-card-owner = Owner
vehicles-card-zones = PPF zones applied
vehicles-card-jobs = Every job
vehicles-owner-history = Previous owners
vehicles-owned-since = since { $from }
vehicles-owned-from-to = from { $from } to { $to }
vehicles-no-zones = No zone applied to this vehicle yet.
vehicles-zone-times = { $count ->
    [one] once
   *[other] { $count } times
  }
vehicles-no-jobs = No jobs on this vehicle
vehicles-no-jobs-hint = Plan one with "New job".

## PPF zone catalogue
zones-subtitle = The zones offered in jobs, with the typical film area per size class. A zone already in use is deactivated instead of deleted.
zones-add = Add a zone
zones-col-name-fr = Name (French)
zones-col-name-en = Name (English)
zones-col-active = Active
zones-col-actions = Actions
zones-active-of = Zone { $name } active
zones-edit-of = Edit zone { $name }
zones-delete-of = Delete zone { $name }
zones-empty = The catalogue is empty
zones-empty-hint = Add a zone with "Add a zone".
zones-new-title = New zone
zones-edit-title = Edit zone
zones-field-name-fr = Name in French
zones-field-name-en = Name in English
zones-areas = Typical film area (m²)
zones-field-area = { $size } (m²)
zones-field-active = Offered for new jobs
zones-save = Save zone
zones-saved = Zone "{ $name }" saved.
zones-delete = Delete
zones-delete-title = Delete this zone?
zones-delete-body = Zone { $name } will be removed from the catalogue. If jobs use it, deletion is refused: deactivate it instead.
zones-deleted = Zone deleted.

vehicles-film-card = Film laid
vehicles-film-empty = No completed job yet.
vehicles-film-none = Film not recorded
vehicles-film-roll = roll { $roll }
vehicles-film-length = { $cm } cm laid
vehicles-film-waste = { $cm } cm waste
vehicles-film-by = laid by { $name }
vehicles-film-planned = { $area } m² planned
