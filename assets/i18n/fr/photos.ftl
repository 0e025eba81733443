# photos (fr)
