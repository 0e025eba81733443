# settings — English

settings-subtitle = Shop details, language, opening hours and security rules for the whole shop.
settings-unsaved = Unsaved changes
settings-all-saved = All settings are saved.
settings-save = Save
settings-discard = Discard changes
settings-discard-confirm = Go back to the saved values? What you typed since will be lost.
settings-discard-yes = Discard changes
settings-discard-no = Keep editing
settings-saved = Settings saved.
settings-range-hint = Between { $min } and { $max }.
settings-err-number = Enter a whole number.

## Organisation
settings-org = Organisation
settings-org-hint = These details appear on quotes, intervention reports and warranty certificates.
settings-logo = Logo
settings-logo-hint = PNG or JPEG, 10 MB at most; it heads your documents. Large pictures are reduced to 512 × 512 pixels.
settings-logo-choose = Choose a logo…
settings-logo-remove = Remove the logo
settings-logo-none = No logo
settings-logo-alt = Workshop logo
settings-logo-dialog-title = Choose the workshop logo
settings-logo-opening = Opening the picture…
settings-address-line2 = Address line 2
settings-country = Country (ISO code, e.g. FR)

## Language and time zone
settings-locale-tz = Language and time zone
settings-locale = Default language
settings-locale-hint = Used for documents and new accounts. Everyone picks their own language in their profile.
settings-timezone = Time zone
settings-timezone-hint = The shop's dates and times are shown in this time zone.
settings-tz-paris = Metropolitan France
settings-tz-guadeloupe = Guadeloupe, Saint Martin, Saint Barthélemy
settings-tz-martinique = Martinique
settings-tz-cayenne = French Guiana
settings-tz-reunion = Réunion
settings-tz-mayotte = Mayotte
settings-tz-miquelon = Saint Pierre and Miquelon
settings-tz-noumea = New Caledonia
settings-tz-tahiti = French Polynesia (Tahiti)
settings-tz-wallis = Wallis and Futuna
settings-tz-brussels = Belgium
settings-tz-luxembourg = Luxembourg
settings-tz-zurich = Switzerland
settings-tz-monaco = Monaco
settings-tz-utc = Coordinated Universal Time

## Opening hours
settings-hours = Opening hours
settings-hours-hint = Times as HH:MM (24-hour clock), in the shop's time zone. Untick a day to mark it closed.
settings-hours-day = Day
settings-hours-open = Opens
settings-hours-close = Closes
settings-closed = Closed
settings-hours-open-field = { $day }, opens
settings-hours-close-field = { $day }, closes
settings-day-mon = Monday
settings-day-tue = Tuesday
settings-day-wed = Wednesday
settings-day-thu = Thursday
settings-day-fri = Friday
settings-day-sat = Saturday
settings-day-sun = Sunday

## Security
settings-security = Security
settings-passwords = Passwords
settings-password-min = Minimum password length
settings-require-upper = Require an uppercase letter
settings-require-lower = Require a lowercase letter
settings-require-digit = Require a digit
settings-require-symbol = Require a special character
settings-password-note = These rules apply to new passwords; current passwords stay valid.
settings-lockout = Account lockout
settings-lockout-threshold = Failures before lockout
settings-lockout-window = Failure counting period (minutes)
settings-lockout-duration = Lockout duration (minutes)
settings-sessions = Sessions
settings-idle-timeout = Inactivity timeout (minutes)
settings-session-max = Maximum session length (hours)
settings-admins = Administrator accounts
settings-require-2fa = Two-factor authentication required for administrators
settings-require-2fa-hint = An administrator who has not turned it on yet will have to at their next sign-in.
settings-admins-password = Administrators sign in with their password, never with a PIN

settings-planning = Planning
settings-planning-hint = The shop's bays, a technician's maximum workload and the length proposed for a new job.
settings-bays = Bays (one per line)
settings-bays-hint = A job is planned in one of these bays; two jobs cannot use the same bay at the same time.
settings-max-jobs-per-day = Jobs per technician per day (maximum)
settings-default-job-minutes = Length proposed for a job (minutes)
org-warn-vat-siren = The SIREN in this VAT number ({ $vat_siren }) is not the SIRET's ({ $siren }): check that they are the same company.
