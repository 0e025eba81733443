# photos (en)

photo-err-empty = This file is empty.
photo-err-not-image = This file is not an image (JPEG or PNG expected).
photo-err-unsupported = Unsupported image format: only JPEG and PNG are accepted. On an iPhone, HEIC photos can be saved as JPEG (Settings › Camera › Formats › “Most Compatible”).
photo-err-corrupt = This image is damaged or incomplete (interrupted copy?): it cannot be read.
photo-err-too-big = This photo is too large (64 MB at most).
photo-err-too-many-pixels = This image is too large (100 megapixels at most).
photo-err-missing = This photo's file cannot be found in the data folder.
