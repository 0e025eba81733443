# photos (en)
