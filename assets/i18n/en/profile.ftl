# profile — English

profile-subtitle = Your contact details, your preferences and the security of your account.
profile-last-login = Last sign-in
profile-never = Never
profile-member-since = Account created on
profile-2fa-badge-on = Two-step verification on
profile-2fa-badge-off = Two-step verification off
profile-pin-badge = PIN set
profile-cancel = Cancel

## Contact details
profile-contact = Contact details
profile-contact-help = Your name appears in the menu, on jobs and in the audit log.
profile-phone = Phone (optional)
profile-contact-save = Save contact details
profile-contact-saved = Contact details saved.

## Language and theme
profile-prefs = Language and theme

## Password
profile-password = Password
profile-password-help = Choose a password you use nowhere else and never share it.
profile-password-change = Change password
profile-current-password = Current password
profile-password-submit = Save the new password
profile-password-saved = Password changed. Use it from your next sign-in.

## PIN
profile-pin = PIN
profile-pin-help = A PIN lets you switch user quickly on a shared shop-floor terminal, with the "Switch user with a PIN" button of the sign-in screen.
profile-pin-on = Set
profile-pin-off = Not set
profile-pin-set = Set a PIN
profile-pin-change = Change PIN
profile-pin-remove = Remove PIN
profile-pin-remove-confirm = Remove your PIN? You will not be able to switch user with a PIN until you set a new one.
profile-pin-remove-yes = Yes, remove it
profile-pin-new = New PIN
profile-pin-confirm = Confirm PIN
profile-pin-hint = 4 to 8 digits, not all the same digit and not a run (like 1234).
profile-pin-mismatch = The two PINs do not match.
profile-pin-submit = Save PIN
profile-pin-saved = PIN saved.
profile-pin-removed = PIN removed.

## Two-step verification
profile-2fa = Two-step verification
profile-2fa-help = On top of your password, every sign-in asks for the 6-digit code shown by an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP…).
profile-2fa-on = On
profile-2fa-off = Off
profile-2fa-enable = Turn on
profile-2fa-scan = Scan this QR code with your authenticator app, then type the 6-digit code it shows.
profile-2fa-copy-key = Copy the key
profile-2fa-confirm = Verify and turn on
profile-2fa-enabled = Two-step verification is on.
profile-2fa-codes-left = { $count ->
    [0] No recovery codes left.
    [one] 1 recovery code left.
   *[other] { $count } recovery codes left.
}
profile-2fa-codes-low = You are running out of recovery codes: turn two-step verification off and on again to get ten new ones.
profile-2fa-copy = Copy all codes
profile-2fa-copied = Recovery codes copied to the clipboard.
profile-2fa-codes-done = I have saved my codes
profile-2fa-disable = Turn off
profile-2fa-disable-help = Type your password to turn two-step verification off. Your recovery codes will stop working.
profile-2fa-disable-submit = Turn off two-step verification
profile-2fa-disabled = Two-step verification is off.

## Recent sign-ins
profile-logins = Recent sign-ins
profile-logins-help = Your last 20 sign-ins. One you do not recognise? Change your password and tell an administrator.
profile-logins-when = Date and time
profile-logins-method = Method
profile-logins-terminal = Terminal
profile-logins-empty = No sign-ins recorded yet.
profile-method-password = Password
profile-method-pin = PIN
profile-method-totp = 2FA code
profile-method-recovery = Recovery code
