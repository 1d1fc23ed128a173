0
records samples/city-yosansho-r8.pdf
