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
