# audit — français
