# users — français
