# Terminal (data folder) identity, numbering, change capture.
about-terminal = Terminal
about-terminal-value = { $code } · { $id }
about-terminal-hint = Chaque poste (dossier de données) a son code ; il figure dans les numéros qu'il attribue (dossiers, et plus tard devis et factures).
err-terminal-code = Code de terminal invalide : 2 à 4 lettres majuscules ou chiffres.
err-number-series = Nom de série de numérotation invalide.
cli-check-terminal = Terminal : { $code } ({ $id })
cli-check-audit-chain-ok = Journal d'audit intact pour le terminal { $terminal } ({ $count } entrées)
cli-check-audit-chain-broken = Journal d'audit altéré à l'entrée n° { $seq } ({ $id }), terminal { $terminal }
audit-entity-terminal = Poste
audit-say-terminal-code = { $who } a changé le code de ce poste de { $from } en { $to }
