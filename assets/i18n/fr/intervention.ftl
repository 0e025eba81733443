# intervention (fr)

## Vehicle diagram (top view) and signature pad
diagram-title = Schéma du véhicule
diagram-front = Avant
diagram-marker = Défaut { $label } · { $zone }
diagram-zone-front-bumper = Pare-chocs avant
diagram-zone-headlights = Phares
diagram-zone-hood = Capot
diagram-zone-front-left-fender = Aile avant gauche
diagram-zone-front-right-fender = Aile avant droite
diagram-zone-windshield = Pare-brise
diagram-zone-left-mirror = Rétroviseur gauche
diagram-zone-right-mirror = Rétroviseur droit
diagram-zone-left-front-door = Porte avant gauche
diagram-zone-right-front-door = Porte avant droite
diagram-zone-left-rear-door = Porte arrière gauche
diagram-zone-right-rear-door = Porte arrière droite
diagram-zone-left-rocker = Bas de caisse gauche
diagram-zone-right-rocker = Bas de caisse droit
diagram-zone-roof = Toit
diagram-zone-rear-window = Lunette arrière
diagram-zone-rear-left-fender = Aile arrière gauche
diagram-zone-rear-right-fender = Aile arrière droite
diagram-zone-trunk = Coffre
diagram-zone-rear-bumper = Pare-chocs arrière
signature-pad = Zone de signature
signature-hint = Signez ici
signature-clear = Effacer
