# Writes OUTPUT: the names of the world's subdivisions (provinces, states,
# regions; ISO 3166-2) in zh, vi, ar, fr and en, from CLDR's subdivision
# files in Debian's unicode-cldr-core (CLDR_DIR, normally
# /usr/share/unicode/cldr). Lines: lang TAB code TAB name, the code as CLDR
# writes it ("vn13" for VN-13). Run with cmake -P.
execute_process(
  COMMAND sh -c "echo '# CLDR subdivision names (${CLDR_DIR}/common/subdivisions): lang, code, name'; \
for lang in zh vi ar fr en; do \
  sed -n 's|.*<subdivision type=\"\\([a-z0-9]*\\)\"[^>]*>\\([^<]*\\)</subdivision>.*|'$lang'\t\\1\t\\2|p' \
    '${CLDR_DIR}/common/subdivisions/'$lang'.xml' \
  | sed -e 's/&amp;/\\&/g' -e \"s/&apos;/'/g\" -e 's/&quot;/\"/g'; \
done"
  OUTPUT_FILE ${OUTPUT}
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cannot read CLDR subdivisions from ${CLDR_DIR}: install unicode-cldr-core")
endif()
