# report — cmake -DIN=FILE -DOUT=FILE.c -DNAME=IDENTIFIER -P embed.cmake: writes IN's bytes as a
# NUL-terminated C array NAME into OUT, so that the page template is part of the binary (yosan
# needs no file beside it) while it is edited as the HTML file it is.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){24})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp"
     "/* made from ${IN} by report/embed.cmake: edit that file, not this one */\n"
     "const char ${NAME}[] = {\n${bytes}0x00};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
