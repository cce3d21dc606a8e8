/* bench-mail.c: SMTP delivery of composed messages to a local server, over one connection
 * for all of them and with one connection per message. Prints messages/s and the ratio.
 *   bench-mail SMTP_URL [COUNT] */
#include "config.h"

#include "tg-mail.h"

static gdouble
deliver (const gchar *url, GPtrArray *messages, guint count, gboolean reuse)
{
	TgMailSettings s = {url, FALSE, NULL, NULL, NULL, NULL, 60};
	g_autoptr(TgMailTransport) t = tg_mail_transport_new (&s);
	gint64 start = g_get_monotonic_time ();

	tg_mail_transport_set_reuse (t, reuse);
	for (guint i = 0; i < count; i++) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *id = g_strdup_printf ("<bench.%u.%d@thaogo>", i, reuse);
		if (!tg_mail_transport_send (t, "thaogo@localhost", "citizen@example.vn", id,
					     g_ptr_array_index (messages, i % messages->len),
					     &error))
			g_error ("message %u: %s", i, error->message);
	}
	tg_mail_transport_close (t);
	return count * (gdouble) G_USEC_PER_SEC / (gdouble) (g_get_monotonic_time () - start);
}

int
main (int argc, char **argv)
{
	guint count = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 5000;
	g_autoptr(GPtrArray) messages =
			   g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
	gdouble reuse, single;

	if (argc < 2) {
		g_printerr ("usage: bench-mail SMTP_URL [COUNT]\n");
		return 2;
	}
	tg_mail_init ();
	for (guint i = 0; i < 100; i++) {
		g_autofree gchar *id = g_strdup_printf ("<m%u@thaogo>", i);
		g_autofree gchar *text =
			g_strdup_printf ("Kính gửi Nguyễn Văn %u,\n\nLịch hẹn của Ông/Bà "
					 "đã được xác nhận.\n",
					 i);
		TgMailMessage m = {"thaogo@localhost",
				   NULL,
				   "citizen@example.vn",
				   "Nguyễn Văn A",
				   "Lịch hẹn đã được xác nhận",
				   text,
				   NULL,
				   id,
				   g_get_real_time (),
				   NULL};
		g_autoptr(GError) error = NULL;
		GBytes *b = tg_mail_compose (&m, &error);
		if (b == NULL)
			g_error ("%s", error->message);
		g_ptr_array_add (messages, b);
	}
	reuse = deliver (argv[1], messages, count, TRUE);
	single = deliver (argv[1], messages, count, FALSE);
	g_print ("SMTP delivery of %u messages to a local aiosmtpd\n", count);
	g_print ("  one connection for all:    %7.0f messages/s\n", reuse);
	g_print ("  one connection per message: %7.0f messages/s\n", single);
	g_print ("  ratio reuse/per message: %.2fx\n", reuse / single);
	return 0;
}
