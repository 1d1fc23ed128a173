# store — build step: every store/*.sql file becomes a C string in one generated file, so that
# the SQL is written and read as SQL, and the binary carries it (no file to install or find).
# Run as: cmake -DOUT=file.c -DSQL_FILES="a.sql;b.sql" -P embed-sql.cmake
set(body "/* generated from the .sql files of store/ by store/embed-sql.cmake: do not edit */\n")
foreach(f ${SQL_FILES})
  get_filename_component(name "${f}" NAME_WE)
  string(MAKE_C_IDENTIFIER "${name}" id)
  file(READ "${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "const char ys_store_sql_${id}[] = {${bytes}0x00};\n")
endforeach()
file(WRITE "${OUT}.tmp" "${body}")
file(RENAME "${OUT}.tmp" "${OUT}")
