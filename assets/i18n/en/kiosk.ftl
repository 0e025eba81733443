# Kiosk mode.
settings-kiosk = Kiosk mode (this terminal)
settings-kiosk-hint = Full screen, no window borders, touch-sized controls; only an administrator can leave. Applies at the next start (or run rpma --kiosk).
settings-kiosk-enable = Start this terminal in kiosk mode
kiosk-exit-open = Leave kiosk mode
kiosk-exit-title = Leave kiosk mode
kiosk-exit-explain = Only an administrator can close RPMA on this terminal.
kiosk-exit-login = Administrator (username)
kiosk-exit-with-password = With a password
kiosk-exit-with-pin = With a PIN
kiosk-exit-confirm = Close RPMA
kiosk-exit-cancel = Cancel
kiosk-exit-missing = Enter an administrator's username and password (or PIN).
err-kiosk-admin-only = Only an administrator can leave kiosk mode.
kiosk-exit-code = Code from the authenticator app (6 digits)
err-kiosk-totp-needed = This administrator uses two-step verification: enter the password again and the code from the authenticator app.
