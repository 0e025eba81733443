# intervention (en)

## Vehicle diagram (top view) and signature pad
diagram-title = Vehicle diagram
diagram-front = Front
diagram-marker = Defect { $label } · { $zone }
diagram-zone-front-bumper = Front bumper
diagram-zone-headlights = Headlights
diagram-zone-hood = Hood
diagram-zone-front-left-fender = Front left fender
diagram-zone-front-right-fender = Front right fender
diagram-zone-windshield = Windshield
diagram-zone-left-mirror = Left mirror
diagram-zone-right-mirror = Right mirror
diagram-zone-left-front-door = Left front door
diagram-zone-right-front-door = Right front door
diagram-zone-left-rear-door = Left rear door
diagram-zone-right-rear-door = Right rear door
diagram-zone-left-rocker = Left rocker panel
diagram-zone-right-rocker = Right rocker panel
diagram-zone-roof = Roof
diagram-zone-rear-window = Rear window
diagram-zone-rear-left-fender = Rear left fender
diagram-zone-rear-right-fender = Rear right fender
diagram-zone-trunk = Trunk
diagram-zone-rear-bumper = Rear bumper
signature-pad = Signature pad
signature-hint = Sign here
signature-clear = Clear
