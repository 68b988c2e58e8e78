# Writes OUTPUT: the Unihan fields factd reads (kVietnamese readings,
# kTraditionalVariant mappings and kFrequency, how common a character is),
# taken from Debian's unicode-data package (UNIHAN_DIR, normally
# /usr/share/unicode). Run with cmake -P.
execute_process(
  COMMAND sh -c "{ echo '# Unihan (Unicode ${UNIHAN_DIR}): kVietnamese, kTraditionalVariant, kFrequency'; \
bzcat '${UNIHAN_DIR}/Unihan_Readings.txt.bz2' '${UNIHAN_DIR}/Unihan_Variants.txt.bz2' \
  '${UNIHAN_DIR}/Unihan_DictionaryLikeData.txt.bz2' \
| awk -F '\t' '$2 == \"kVietnamese\" || $2 == \"kTraditionalVariant\" || $2 == \"kFrequency\"'; }"
  OUTPUT_FILE ${OUTPUT}
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cannot read Unihan from ${UNIHAN_DIR}: install unicode-data and bzip2")
endif()
