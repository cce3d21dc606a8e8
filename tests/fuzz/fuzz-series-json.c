/* fuzz-series-json.c: the body of PUT /api/v1/units/{code}/series, as the handler reads it */
#include "tg-fuzz.h"

#include "tg-http.h"
#include "tg-series.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autoptr(JsonObject) obj = tg_http_parse_object (data, size, NULL);
	g_autoptr(TgSeries) series = NULL;

	if (obj == NULL)
		return 0;
	series = tg_series_new_default ("25747");
	if (!tg_http_series_update (series, obj, NULL))
		return 0;
	if (tg_series_validate (series, NULL)) {
		g_autofree gchar *start = tg_time_to_string (series->meeting_start);
		g_autoptr(TgSeries) copy = tg_series_copy (series);
		guint minutes = 0;
		TG_FUZZ_ASSERT (tg_time_parse (start, &minutes) && minutes == series->meeting_start);
		TG_FUZZ_ASSERT (series->meeting_start < series->meeting_end &&
				series->meeting_end < 24 * 60);
		TG_FUZZ_ASSERT (series->slot_minutes > 0 && series->desks > 0);
		TG_FUZZ_ASSERT (copy->participants->len == series->participants->len);
	}
	return 0;
}
