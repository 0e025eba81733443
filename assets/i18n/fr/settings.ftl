# settings — français
