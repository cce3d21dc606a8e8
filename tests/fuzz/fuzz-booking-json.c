/* fuzz-booking-json.c: the body of POST /api/v1/bookings, as the handler reads it */
#include "tg-fuzz.h"

#include "tg-booking.h"
#include "tg-email.h"
#include "tg-http.h"
#include "tg-text.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autoptr(JsonObject) obj = tg_http_parse_object (data, size, NULL);
	g_autoptr(TgBooking) request = NULL;
	gboolean consent = FALSE, waitlist = FALSE;
	gint slot = -1;

	if (obj == NULL)
		return 0;
	request = tg_http_booking_request_from_json (obj, &consent, &waitlist, &slot, NULL);
	if (request == NULL)
		return 0;
	TG_FUZZ_ASSERT (slot >= -1 && slot < 24 * 60);
	request->consent_at = consent ? 1 : 0;
	/* what a validated request holds: what the store and the mails rely on */
	if (tg_booking_validate_request (request, waitlist, NULL)) {
		g_autofree gchar *again = tg_phone_normalize (request->requester.phone);
		TG_FUZZ_ASSERT (g_strcmp0 (again, request->requester.phone) == 0);
		TG_FUZZ_ASSERT (tg_text_is_clean_line (request->requester.name, 1, 100));
		TG_FUZZ_ASSERT (request->requester.email == NULL ||
				tg_email_is_valid (request->requester.email));
		TG_FUZZ_ASSERT (!waitlist || request->requester.email != NULL);
		TG_FUZZ_ASSERT (request->requester.kind == TG_REQUESTER_ENTERPRISE ||
				request->requester.tax_code == NULL);
	}
	return 0;
}
