# photos (en)

photo-err-empty = This file is empty.
photo-err-not-image = This file is not an image (JPEG or PNG expected).
photo-err-unsupported = Unsupported image format: only JPEG and PNG are accepted. On an iPhone, HEIC photos can be saved as JPEG (Settings › Camera › Formats › “Most Compatible”).
photo-err-corrupt = This image is damaged or incomplete (interrupted copy?): it cannot be read.
photo-err-too-big = This photo is too large (64 MB at most).
photo-err-too-many-pixels = This image is too large (100 megapixels at most).
photo-err-missing = This photo's file cannot be found in the data folder.
photo-title = Photos
photo-add = Add photos
photo-dialog-title = Choose photos
photo-count-min = { $count } photo(s), { $min } at least
photo-count-bounds = { $count } photo(s), { $min } to { $max }
photo-shots = Required shots (filled in this order; tap one to choose the next photo's shot):
photo-next-is-shot = The next photo will be “{ $shot }”.
photo-drop-hint = Drag and drop photos here, or put them in the watched folder: { $folder } — they go to this intervention's current step.
photo-drop-not-now = Open a step in progress to add photos to it.
photo-duplicate = { $name }: this photo is already in the step.
photo-importing = Importing { $count } photo(s)…
photo-import-cancelled = Import stopped: { $imported ->
    [one] { $imported } photo imported
   *[other] { $imported } photos imported
}, { $left } not imported.
photo-open = Open photo
photo-next = Next
photo-prev = Previous
photo-remove = Remove the photo
photo-taken = Taken on { $at }
photo-zoom-in = Zoom in
photo-zoom-out = Zoom out
photo-browse = USB stick, card, folder…
photo-drop-hint-plain = Drag and drop photos here.
photo-folder-waiting = { $count ->
    [one] 1 photo is waiting in the watched folder: it will go to the current step as soon as it can take it.
   *[other] { $count } photos are waiting in the watched folder: they will go to the current step as soon as it can take them.
}
photo-folder-added = { $count ->
    [one] 1 photo from the watched folder added to { $job }.
   *[other] { $count } photos from the watched folder added to { $job }.
}
