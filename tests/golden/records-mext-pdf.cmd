0
records samples/mext-lifescience-r8.pdf
