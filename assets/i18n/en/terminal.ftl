# Terminal (data folder) identity, numbering, change capture.
about-terminal = Terminal
about-terminal-value = { $code } · { $id }
about-terminal-hint = Each workstation (data folder) has its own code; it is part of the numbers it gives (jobs, later quotes and invoices).
err-terminal-code = Invalid terminal code: 2 to 4 capital letters or digits.
err-number-series = Invalid numbering series name.
cli-check-terminal = Terminal: { $code } ({ $id })
cli-check-audit-chain-ok = Audit log intact for terminal { $terminal } ({ $count } entries)
cli-check-audit-chain-broken = Audit log tampered with at entry #{ $seq } ({ $id }), terminal { $terminal }
audit-entity-terminal = Workstation
audit-say-terminal-code = { $who } changed this workstation's code from { $from } to { $to }
