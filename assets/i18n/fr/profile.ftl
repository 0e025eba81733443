# profile — français
