/* test-token.cc: access tokens: secrets, hashes, roles, validation */
#include <gtest/gtest.h>

#include "tg-test.hh"

using tg_test::Ptr;

TEST (Token, Roles)
{
	EXPECT_EQ (tg_role_from_string ("admin"), TG_ROLE_ADMIN);
	EXPECT_EQ (tg_role_from_string ("secretary"), TG_ROLE_SECRETARY);
	EXPECT_EQ (tg_role_from_string ("staff"), TG_ROLE_STAFF);
	EXPECT_EQ (tg_role_from_string ("root"), TG_ROLE_UNKNOWN);
	EXPECT_EQ (tg_role_from_string (nullptr), TG_ROLE_UNKNOWN);
	EXPECT_STREQ (tg_role_to_string (TG_ROLE_STAFF), "staff");
}

TEST (Token, SecretsAreLongRandomAndWellFormed)
{
	Ptr<gchar> a (tg_token_generate_secret ());
	Ptr<gchar> b (tg_token_generate_secret ());
	EXPECT_STRNE (a.get (), b.get ());
	EXPECT_TRUE (g_str_has_prefix (a.get (), "tg_"));
	/* 256 bits in base64url: 43 characters */
	EXPECT_EQ (strlen (a.get ()), 3u + 43u);
	EXPECT_TRUE (tg_token_secret_is_well_formed (a.get ()));
	EXPECT_FALSE (tg_token_secret_is_well_formed ("tg_short"));
	EXPECT_FALSE (tg_token_secret_is_well_formed ("xx_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	EXPECT_FALSE (tg_token_secret_is_well_formed ("tg_aaaaaaaaaaaaaaaaaaaa aaaaaaaaaa"));
	EXPECT_FALSE (tg_token_secret_is_well_formed ("tg_aaaaaaaaaaaaaaaaaaaa'--aaaaaaaaa"));
	EXPECT_FALSE (tg_token_secret_is_well_formed (nullptr));
}

static void
counting_source (guint8 *buf, gsize len, gpointer user_data)
{
	auto *n = static_cast<guint8 *> (user_data);
	for (gsize i = 0; i < len; i++)
		buf[i] = (*n)++;
}

TEST (Token, RandomSourceCanBeInjected)
{
	guint8 n = 0;
	tg_random_set_source (counting_source, &n);
	Ptr<gchar> hex (tg_random_hex (4));
	Ptr<gchar> b64 (tg_random_base64url (3));
	tg_random_set_source (nullptr, nullptr);
	EXPECT_STREQ (hex.get (), "00010203");
	EXPECT_STREQ (b64.get (), "BAUG");
	Ptr<gchar> real (tg_random_hex (16));
	EXPECT_EQ (strlen (real.get ()), 32u);
}

TEST (Token, HashIsSha256)
{
	Ptr<gchar> h (tg_token_hash_secret ("abc"));
	EXPECT_STREQ (h.get (), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST (Token, Validation)
{
	Ptr<TgToken> t (tg_token_new ());
	GError *error = nullptr;

	EXPECT_FALSE (tg_token_validate (t.get (), &error));
	EXPECT_STREQ (tg_error_get_field (error), "role");
	g_clear_error (&error);

	t->role = TG_ROLE_SECRETARY;
	EXPECT_FALSE (tg_token_validate (t.get (), &error));
	EXPECT_STREQ (tg_error_get_field (error), "unit");
	g_clear_error (&error);

	t->unit = g_strdup ("718");
	EXPECT_TRUE (tg_token_validate (t.get (), &error));

	t->email = g_strdup ("thu.ky@example.vn\r\nBcc: x@example.vn");
	EXPECT_FALSE (tg_token_validate (t.get (), &error));
	EXPECT_STREQ (tg_error_get_field (error), "email");
	g_clear_error (&error);
	g_clear_pointer (&t->email, g_free);

	t->name = g_strdup ("");
	EXPECT_FALSE (tg_token_validate (t.get (), &error));
	EXPECT_STREQ (tg_error_get_field (error), "name");
	g_clear_error (&error);

	t->role = TG_ROLE_ADMIN;
	g_clear_pointer (&t->name, g_free);
	EXPECT_FALSE (tg_token_validate (t.get (), &error));
	EXPECT_STREQ (tg_error_get_field (error), "unit");
	g_clear_error (&error);
}
