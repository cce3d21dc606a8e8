/* test-dossiers.cc: late dossiers over HTTP against the real daemon: the weekly import of the
 * one-stop system's lists (real-looking files, bad rows, limits), the lists of several weeks,
 * the classification kept from week to week, and who may see and set what */
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tg-test.hh"

using tg_test::Daemon;
using tg_test::HttpResult;

namespace
{

const char BOM[] = "\xEF\xBB\xBF";

/* a list as the province's one-stop system exports it: a BOM, semicolons, CRLF, Vietnamese
 * headers with an extra column, quoted fields with doubled quotes and a line break */
const char VIETNAMESE_LIST[] =
	"STT;Mã hồ sơ;Thủ tục;Cơ quan;Ngày tiếp nhận;Hạn xử lý;Trạng thái\r\n"
	"1;000.00.12.H01-261102-0001;\"Cấp giấy phép xây dựng \"\"nhà ở riêng lẻ\"\"\";"
	"Phòng Quản lý đô thị;02/11/2026;20/11/2026 17:00;Đang xử lý\r\n"
	"2;000.00.12.H01-261103-0002;\"Đăng ký\nkinh doanh hộ\";Phòng Tài chính - Kế hoạch;"
	"03/11/2026;25/11/2026;Trễ hạn\r\n"
	"3;000.00.12.H01-261104-0003;Chứng thực bản sao;UBND phường Phú Cường;2026-11-04;"
	"2026-11-27;Chờ bổ sung\r\n";

/* a week's list of the dossiers @rows (code, due), with the same procedure and agency */
std::string
week_list (const std::vector<std::pair<std::string, std::string>> &rows)
{
	std::string csv = "Mã hồ sơ,Thủ tục,Cơ quan,Hạn xử lý\n";
	for (const auto &r : rows)
		csv += r.first +
		       ",Cấp đổi giấy chứng nhận quyền sử dụng đất,Văn phòng đăng ký đất đai," +
		       r.second + "\n";
	return csv;
}

JsonArray *
array_at (const HttpResult &r, const char *member)
{
	JsonNode *root = r.json ();
	if (root == nullptr || !JSON_NODE_HOLDS_OBJECT (root))
		return nullptr;
	return json_object_get_array_member (json_node_get_object (root), member);
}

JsonObject *
find_dossier (const HttpResult &r, const std::string &code)
{
	JsonArray *list = array_at (r, "dossiers");
	for (guint i = 0; list != nullptr && i < json_array_get_length (list); i++) {
		JsonObject *d = json_array_get_object_element (list, i);
		if (code == json_object_get_string_member (d, "code"))
			return d;
	}
	return nullptr;
}

gint64
int_at (const HttpResult &r, const char *member)
{
	JsonNode *root = r.json ();
	if (root == nullptr || !JSON_NODE_HOLDS_OBJECT (root))
		return -1;
	return json_object_get_int_member_with_default (json_node_get_object (root), member, -1);
}

bool
bool_at (const HttpResult &r, const char *member)
{
	JsonNode *root = r.json ();
	return root != nullptr && JSON_NODE_HOLDS_OBJECT (root) &&
	       json_object_get_boolean_member_with_default (json_node_get_object (root), member,
							    FALSE);
}

} // namespace

class Dossiers : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<Daemon> daemon;
	std::string admin;

	void SetUp () override
	{
		daemon = std::make_unique<Daemon> (dir.file ("state"),
						   std::vector<std::string>{"--demo"});
		admin = daemon->admin_token ();
	}

	std::string token (const std::string &role, const std::string &unit)
	{
		return tg_test::new_token (*daemon, role, unit);
	}

	HttpResult import (const std::string &unit, const std::string &as_of,
			   const std::string &body, const std::string &extra = "",
			   const std::string *tok = nullptr)
	{
		return daemon->call ("POST",
				     "/api/v1/units/" + unit + "/late-dossiers?as_of=" + as_of +
					     extra,
				     body, tok, {"Content-Type: text/csv; charset=utf-8"});
	}

	HttpResult list (const std::string &unit, const std::string &as_of,
			 const std::string *tok = nullptr)
	{
		return daemon->call ("GET",
				     "/api/v1/units/" + unit + "/late-dossiers?as_of=" + as_of, "",
				     tok);
	}

	HttpResult classify (const std::string &unit, const std::string &code,
			     const std::string &body, const std::string *tok = nullptr)
	{
		return daemon->call ("PATCH", "/api/v1/units/" + unit + "/late-dossiers/" + code,
				     body, tok);
	}
};

TEST_F (Dossiers, AVietnameseListWithBomSemicolonsAndQuotesIsImported)
{
	HttpResult r = import ("718", "2026-11-30", std::string (BOM) + VIETNAMESE_LIST);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (int_at (r, "imported"), 3);
	EXPECT_EQ (int_at (r, "skipped"), 0);
	EXPECT_FALSE (bool_at (r, "unchanged"));
	EXPECT_EQ (r.str ("as_of"), "2026-11-30");

	r = list ("718", "2026-12-02");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("listed"), "2026-11-30");
	ASSERT_EQ (json_array_get_length (array_at (r, "dossiers")), 3u);
	JsonObject *d = find_dossier (r, "000.00.12.H01-261102-0001");
	ASSERT_NE (d, nullptr);
	EXPECT_STREQ (json_object_get_string_member (d, "procedure"),
		      "Cấp giấy phép xây dựng \"nhà ở riêng lẻ\"");
	EXPECT_STREQ (json_object_get_string_member (d, "agency"), "Phòng Quản lý đô thị");
	EXPECT_STREQ (json_object_get_string_member (d, "received"), "2026-11-02");
	EXPECT_STREQ (json_object_get_string_member (d, "due"), "2026-11-20");
	EXPECT_STREQ (json_object_get_string_member (d, "status"), "Đang xử lý");
	/* days late as of the date asked for, not of the list's */
	EXPECT_EQ (json_object_get_int_member (d, "days_late"), 12);
	EXPECT_STREQ (json_object_get_string_member (d, "first_listed"), "2026-11-30");
	EXPECT_TRUE (json_object_get_null_member (d, "cause"));
	/* the line break inside the quoted field is a space: no control character is kept */
	d = find_dossier (r, "000.00.12.H01-261103-0002");
	ASSERT_NE (d, nullptr);
	EXPECT_STREQ (json_object_get_string_member (d, "procedure"), "Đăng ký kinh doanh hộ");
	/* ordered by due date */
	JsonArray *all = array_at (r, "dossiers");
	EXPECT_STREQ (json_object_get_string_member (json_array_get_object_element (all, 0), "due"),
		      "2026-11-20");
	EXPECT_STREQ (json_object_get_string_member (json_array_get_object_element (all, 2), "due"),
		      "2026-11-27");
}

TEST_F (Dossiers, EnglishHeadersInAnyOrderWithCommasAndIsoDates)
{
	const std::string csv =
		"Due,Status,Dossier Code,AGENCY,procedure,Received\n"
		"2026-11-20,Overdue,H01.2026.000123,Land Office,\"Land, use right\","
		"2026-11-01\n"
		"2026-11-21,,H01.2026.000124,,Business registration,\n";
	HttpResult r = import ("74", "2026-11-30", csv);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (int_at (r, "imported"), 2);
	r = list ("74", "2026-11-30");
	JsonObject *d = find_dossier (r, "H01.2026.000123");
	ASSERT_NE (d, nullptr) << r.body;
	EXPECT_STREQ (json_object_get_string_member (d, "procedure"), "Land, use right");
	EXPECT_STREQ (json_object_get_string_member (d, "agency"), "Land Office");
	EXPECT_EQ (json_object_get_int_member (d, "days_late"), 10);
	d = find_dossier (r, "H01.2026.000124");
	ASSERT_NE (d, nullptr);
	EXPECT_TRUE (json_object_get_null_member (d, "agency"));
	EXPECT_TRUE (json_object_get_null_member (d, "status"));
	EXPECT_TRUE (json_object_get_null_member (d, "received"));
	/* headers without diacritics, in capitals, are the same columns */
	r = import ("74", "2026-12-07",
		    "MA HO SO;THU TUC;HAN XU LY\nH01.2026.000125;Chứng thực;01/12/2026\n");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (int_at (r, "imported"), 1);
}

TEST_F (Dossiers, BadRowsAreReportedByLineAndColumnAndNothingIsImported)
{
	const std::string csv = std::string (BOM) +
				"Mã hồ sơ;Thủ tục;Hạn xử lý;Ngày tiếp nhận\n"
				"A-1;Thủ tục một;31/02/2026;01/01/2026\n" /* no 31 February */
				"A-2;Thủ tục hai;2026-11-20;\n"
				"A-3;;2026-11-20;\n"                      /* no procedure */
				"A-2;Thủ tục hai lần;2026-11-21;\n"       /* code twice */
				"A 4;Thủ tục bốn;2026-11-22;\n"           /* bad code */
				"A-5;Thủ tục năm;2026-11-22;2026-11-23\n" /* received after due */
				"A-6;Thủ tục \x01 sáu;2026-11-22;\n"      /* control character */
				"A-7;Thủ tục bảy;20/11/26;\n";            /* two-digit year */
	HttpResult r = import ("718", "2026-11-30", csv);
	ASSERT_EQ (r.status, 422) << r.body;
	EXPECT_EQ (r.str ("error.code"), "invalid");
	JsonNode *root = r.json ();
	JsonArray *errors = json_object_get_array_member (
		json_object_get_object_member (json_node_get_object (root), "error"), "errors");
	ASSERT_NE (errors, nullptr) << r.body;
	struct Expected {
		gint64 line, column;
		const char *field;
	} expected[] = {{2, 3, "due"},      {4, 2, "procedure"}, {5, 1, "code"}, {6, 1, "code"},
			{7, 4, "received"}, {8, 2, "procedure"}, {9, 3, "due"}};
	ASSERT_EQ (json_array_get_length (errors), G_N_ELEMENTS (expected)) << r.body;
	for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
		JsonObject *e = json_array_get_object_element (errors, i);
		EXPECT_EQ (json_object_get_int_member (e, "line"), expected[i].line) << i;
		EXPECT_EQ (json_object_get_int_member (e, "column"), expected[i].column) << i;
		EXPECT_STREQ (json_object_get_string_member (e, "field"), expected[i].field) << i;
		EXPECT_NE (std::string (json_object_get_string_member (e, "message")), "");
	}
	/* nothing was imported */
	r = list ("718", "2026-11-30");
	ASSERT_EQ (r.status, 200);
	EXPECT_EQ (json_array_get_length (array_at (r, "dossiers")), 0u);
	EXPECT_EQ (r.str ("listed"), "");

	/* in Vietnamese */
	r = daemon->call ("POST", "/api/v1/units/718/late-dossiers?as_of=2026-11-30", csv, nullptr,
			  {"Accept-Language: vi"});
	EXPECT_EQ (r.status, 422);
	EXPECT_NE (r.body.find ("mã hồ sơ"), std::string::npos) << r.body;

	/* with skip_bad, the good rows, and the bad ones listed */
	r = import ("718", "2026-11-30", csv, "&skip_bad=true");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (int_at (r, "imported"), 1);
	EXPECT_EQ (int_at (r, "skipped"), 7);
	EXPECT_EQ (json_array_get_length (array_at (r, "errors")), 7u);
	r = list ("718", "2026-11-30");
	ASSERT_EQ (json_array_get_length (array_at (r, "dossiers")), 1u);
	EXPECT_NE (find_dossier (r, "A-2"), nullptr);
}

TEST_F (Dossiers, AFileThatIsNotAListIsRefusedWhole)
{
	/* no header naming the required columns */
	HttpResult r = import ("718", "2026-11-30", "STT,Tên\n1,Nguyễn Văn A\n");
	EXPECT_EQ (r.status, 422) << r.body;
	EXPECT_EQ (r.str ("error.field"), "file");
	/* not UTF-8 (Windows-1258) */
	r = import ("718", "2026-11-30", "M\xe3 h\xf4 s\xf4,Th\xf9 t\xfa\x63,H\xe1n\n");
	EXPECT_EQ (r.status, 422) << r.body;
	EXPECT_EQ (r.str ("error.field"), "file");
	/* an empty body */
	r = import ("718", "2026-11-30", "");
	EXPECT_EQ (r.status, 422) << r.body;
	/* a bad date in the query */
	r = import ("718", "30/11/2026", "code,procedure,due\nX,Y,2026-11-01\n");
	EXPECT_EQ (r.status, 422) << r.body;
	EXPECT_EQ (r.str ("error.field"), "as_of");
	/* a row where every cell is bad, with skip_bad: nothing to import */
	r = import ("718", "2026-11-30", "code,procedure,due\nX,Y,soon\n", "&skip_bad=true");
	EXPECT_EQ (r.status, 422) << r.body;
}

TEST_F (Dossiers, TheSameListTwiceChangesNothing)
{
	HttpResult r = import ("718", "2026-11-30", VIETNAMESE_LIST);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_FALSE (bool_at (r, "unchanged"));
	ASSERT_EQ (classify ("718", "000.00.12.H01-261102-0001", "{\"cause\":\"workload\"}").status,
		   200);
	r = import ("718", "2026-11-30", VIETNAMESE_LIST);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_TRUE (bool_at (r, "unchanged"));
	/* the same rows with a BOM, commas and in another order: the same list */
	std::string same = std::string (BOM) +
			   "Hạn xử lý,Mã hồ sơ,Thủ tục,Cơ quan,Ngày tiếp nhận,Trạng thái\n"
			   "2026-11-27,000.00.12.H01-261104-0003,Chứng thực bản sao,"
			   "UBND phường Phú Cường,04/11/2026,Chờ bổ sung\n"
			   "20/11/2026,000.00.12.H01-261102-0001,"
			   "\"Cấp giấy phép xây dựng \"\"nhà ở riêng lẻ\"\"\",Phòng Quản lý đô "
			   "thị,02/11/2026,Đang xử lý\n"
			   "25/11/2026,000.00.12.H01-261103-0002,Đăng ký kinh doanh hộ,"
			   "Phòng Tài chính - Kế hoạch,03/11/2026,Trễ hạn\n";
	r = import ("718", "2026-11-30", same);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_TRUE (bool_at (r, "unchanged")) << r.body;
	/* the classification is still there */
	r = list ("718", "2026-11-30");
	JsonObject *d = find_dossier (r, "000.00.12.H01-261102-0001");
	ASSERT_NE (d, nullptr);
	EXPECT_STREQ (json_object_get_string_member (d, "cause"), "workload");
	/* a list of the same date with one row less replaces it */
	std::string fewer = "Mã hồ sơ,Thủ tục,Hạn xử lý\n"
			    "000.00.12.H01-261102-0001,Cấp giấy phép xây dựng,20/11/2026\n";
	r = import ("718", "2026-11-30", fewer);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_FALSE (bool_at (r, "unchanged"));
	r = list ("718", "2026-11-30");
	EXPECT_EQ (json_array_get_length (array_at (r, "dossiers")), 1u);
	/* a week with no late dossier: a header alone is an empty list */
	r = import ("718", "2026-12-07", "Mã hồ sơ,Thủ tục,Hạn xử lý\r\n");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (int_at (r, "imported"), 0);
	r = list ("718", "2026-12-08");
	EXPECT_EQ (r.str ("listed"), "2026-12-07");
	EXPECT_EQ (json_array_get_length (array_at (r, "dossiers")), 0u);
}

TEST_F (Dossiers, ThreeWeeksOfListsKeepEachDossiersClassification)
{
	/* week 1: A B C; week 2: B C D (A resolved, D new); week 3: C D E */
	ASSERT_EQ (import ("718", "2026-11-23",
			   week_list (
				   {{"A", "2026-11-01"}, {"B", "2026-11-05"}, {"C", "2026-11-10"}}))
			   .status,
		   200);
	std::string sec = token ("secretary", "718");
	HttpResult r =
		classify ("718", "C",
			  "{\"cause\":\"coordination\",\"responsible_agency\":\"Sở Tài "
			  "nguyên và Môi trường\",\"deadline\":\"2026-12-15\",\"note\":\"Chờ "
			  "ý kiến\\nliên ngành\"}",
			  &sec);
	ASSERT_EQ (r.status, 200) << r.body;
	const std::pair<const char *, const char *> set[] = {{"dossier.cause", "coordination"},
							     {"dossier.responsible_agency",
							      "Sở Tài nguyên và Môi trường"},
							     {"dossier.deadline", "2026-12-15"},
							     {"dossier.note",
							      "Chờ ý kiến\nliên ngành"}};
	for (const auto &kv : set)
		EXPECT_EQ (r.str (kv.first), kv.second) << kv.first;
	ASSERT_EQ (classify ("718", "A", "{\"cause\":\"missing_documents\"}", &sec).status, 200);

	ASSERT_EQ (import ("718", "2026-11-30",
			   week_list (
				   {{"B", "2026-11-05"}, {"C", "2026-11-12"}, {"D", "2026-11-20"}}))
			   .status,
		   200);
	ASSERT_EQ (import ("718", "2026-12-07",
			   week_list (
				   {{"C", "2026-11-12"}, {"D", "2026-11-20"}, {"E", "2026-12-01"}}))
			   .status,
		   200);

	/* each week's list as it was */
	r = list ("718", "2026-11-23");
	EXPECT_EQ (json_array_get_length (array_at (r, "dossiers")), 3u);
	EXPECT_NE (find_dossier (r, "A"), nullptr);
	r = list ("718", "2026-12-01"); /* a Tuesday: the list of the Monday before */
	EXPECT_EQ (r.str ("listed"), "2026-11-30");
	EXPECT_EQ (find_dossier (r, "A"), nullptr);
	JsonObject *c = find_dossier (r, "C");
	ASSERT_NE (c, nullptr);
	/* the classification stays with the dossier; its row is the week's (a new due date) */
	EXPECT_STREQ (json_object_get_string_member (c, "cause"), "coordination");
	EXPECT_STREQ (json_object_get_string_member (c, "deadline"), "2026-12-15");
	EXPECT_STREQ (json_object_get_string_member (c, "due"), "2026-11-12");
	EXPECT_STREQ (json_object_get_string_member (c, "first_listed"), "2026-11-23");
	EXPECT_EQ (json_object_get_int_member (c, "days_late"), 19);
	JsonObject *d = find_dossier (r, "D");
	ASSERT_NE (d, nullptr);
	EXPECT_STREQ (json_object_get_string_member (d, "first_listed"), "2026-11-30");
	EXPECT_TRUE (json_object_get_null_member (d, "cause"));

	r = list ("718", "2026-12-07");
	EXPECT_EQ (json_array_get_length (array_at (r, "dossiers")), 3u);
	c = find_dossier (r, "C");
	ASSERT_NE (c, nullptr);
	EXPECT_STREQ (json_object_get_string_member (c, "cause"), "coordination");
	EXPECT_STREQ (json_object_get_string_member (c, "first_listed"), "2026-11-23");
	JsonObject *e = find_dossier (r, "E");
	ASSERT_NE (e, nullptr);
	EXPECT_STREQ (json_object_get_string_member (e, "first_listed"), "2026-12-07");
	/* a classification set in week 3 changes only the fields given; "" empties one */
	r = classify ("718", "C", "{\"deadline\":\"\",\"note\":\"Đã họp\"}", &sec);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("dossier.cause"), "coordination");
	EXPECT_EQ (r.str ("dossier.deadline"), "");
	EXPECT_EQ (r.str ("dossier.note"), "Đã họp");
	/* a dossier of an earlier week can still be classified (A was resolved in week 2) */
	r = classify ("718", "A", "{\"cause\":\"other\"}", &sec);
	EXPECT_EQ (r.status, 200) << r.body;
	/* before the first list there is nothing */
	r = list ("718", "2026-11-16");
	EXPECT_EQ (json_array_get_length (array_at (r, "dossiers")), 0u);
	EXPECT_EQ (r.str ("listed"), "");
}

TEST_F (Dossiers, TheClassificationIsChecked)
{
	ASSERT_EQ (import ("718", "2026-11-30", VIETNAMESE_LIST).status, 200);
	const std::string code = "000.00.12.H01-261102-0001";
	HttpResult r = classify ("718", code, "{\"cause\":\"bad_luck\"}");
	EXPECT_EQ (r.status, 422);
	EXPECT_EQ (r.str ("error.field"), "cause");
	r = classify ("718", code, "{\"deadline\":\"15/12/2026\"}");
	EXPECT_EQ (r.status, 422);
	EXPECT_EQ (r.str ("error.field"), "deadline");
	r = classify ("718", code, "{\"responsible_agency\":\"Sở\\nTNMT\"}");
	EXPECT_EQ (r.status, 422);
	EXPECT_EQ (r.str ("error.field"), "responsible_agency");
	r = classify ("718", code, "{\"note\":\"" + std::string (2001, 'x') + "\"}");
	EXPECT_EQ (r.status, 422);
	EXPECT_EQ (r.str ("error.field"), "note");
	r = classify ("718", code, "{\"cause\": 3}");
	EXPECT_EQ (r.status, 422);
	r = classify ("718", code, "not json");
	EXPECT_EQ (r.status, 400);
	/* a dossier the unit never listed, or another unit's */
	r = classify ("718", "000.00.12.H01-261102-9999", "{\"cause\":\"other\"}");
	EXPECT_EQ (r.status, 404);
	EXPECT_EQ (r.str ("error.code"), "not_found");
	r = classify ("719", code, "{\"cause\":\"other\"}");
	EXPECT_EQ (r.status, 404);
	/* every cause of the bookings' vocabulary */
	for (const char *cause : {"missing_documents", "coordination", "it_system", "workload",
				  "legal_land", "citizen_side", "other"}) {
		r = classify ("718", code, std::string ("{\"cause\":\"") + cause + "\"}");
		EXPECT_EQ (r.status, 200) << cause;
		EXPECT_EQ (r.str ("dossier.cause"), cause);
	}
}

TEST_F (Dossiers, ASecretaryOfAnotherDistrictNeitherSeesNorSets)
{
	std::string own = token ("secretary", "718");
	std::string other = token ("secretary", "719");
	std::string province = token ("secretary", "74");
	std::string commune = token ("secretary", "25747");
	std::string staff = token ("staff", "718");
	ASSERT_EQ (import ("718", "2026-11-30", VIETNAMESE_LIST, "", &own).status, 200);
	const std::string code = "000.00.12.H01-261102-0001";

	for (const std::string *t : {&other, &commune, &staff}) {
		EXPECT_EQ (list ("718", "2026-11-30", t).status, 403);
		EXPECT_EQ (
			import ("718", "2026-11-30", "Mã hồ sơ,Thủ tục,Hạn xử lý\n", "", t).status,
			403);
		HttpResult r = classify ("718", code, "{\"cause\":\"other\"}", t);
		EXPECT_EQ (r.status, 403) << r.body;
		EXPECT_EQ (r.str ("error.code"), "forbidden");
	}
	std::string none;
	EXPECT_EQ (list ("718", "2026-11-30", &none).status, 401);
	EXPECT_EQ (import ("718", "2026-11-30", VIETNAMESE_LIST, "", &none).status, 401);
	/* nothing changed */
	HttpResult r = list ("718", "2026-11-30", &own);
	ASSERT_EQ (r.status, 200);
	EXPECT_EQ (json_array_get_length (array_at (r, "dossiers")), 3u);
	EXPECT_TRUE (json_object_get_null_member (find_dossier (r, code), "cause"));
	/* the province's secretaries are above the district: they see and set */
	r = list ("718", "2026-11-30", &province);
	EXPECT_EQ (r.status, 200);
	EXPECT_EQ (classify ("718", code, "{\"cause\":\"it_system\"}", &province).status, 200);
	/* an unknown unit */
	EXPECT_EQ (list ("999", "2026-11-30").status, 404);
	EXPECT_EQ (import ("999", "2026-11-30", VIETNAMESE_LIST).status, 404);
}

TEST_F (Dossiers, FiftyThousandRowsAreImportedAndListed)
{
	std::string csv = std::string (BOM) + "Mã hồ sơ;Thủ tục;Cơ quan;Ngày tiếp nhận;Hạn xử lý\n";
	const int n = 50000;
	for (int i = 0; i < n; i++) {
		gchar *row = g_strdup_printf (
			"000.00.12.H01-261%03d-%04d;Thủ tục số %d;Phòng %d;%02d/10/2026;%02d/11/2026\n",
			i % 1000, i / 1000, i, i % 37, 1 + i % 28, 1 + i % 28);
		csv += row;
		g_free (row);
	}
	auto start = std::chrono::steady_clock::now ();
	HttpResult r = import ("74", "2026-11-30", csv);
	auto ms = std::chrono::duration_cast<std::chrono::milliseconds> (
			  std::chrono::steady_clock::now () - start)
			  .count ();
	ASSERT_EQ (r.status, 200) << r.body.substr (0, 2000);
	EXPECT_EQ (int_at (r, "imported"), n);
	/* far less than the 16 MiB limit, and quick: within seconds even under a sanitizer */
	EXPECT_LT (csv.size (), (size_t) 16 * 1024 * 1024);
	EXPECT_LT (ms, 30000);
	r = import ("74", "2026-11-30", csv);
	EXPECT_TRUE (bool_at (r, "unchanged"));
	r = list ("74", "2026-11-30");
	ASSERT_EQ (r.status, 200);
	EXPECT_EQ (json_array_get_length (array_at (r, "dossiers")), (guint) n);
}

TEST_F (Dossiers, LimitsOfSizeAndRows)
{
	/* over 16 MiB: 413 before the body is read */
	std::string big (16 * 1024 * 1024 + 1, 'x');
	HttpResult r = import ("74", "2026-11-30", big);
	EXPECT_EQ (r.status, 413) << r.body;
	EXPECT_EQ (r.str ("error.code"), "too_large");
	EXPECT_NE (r.str ("error.message").find ("16 MiB"), std::string::npos) << r.body;
	/* over 200,000 rows (short ones, well under 16 MiB) */
	std::string many = "code,procedure,due\n";
	for (int i = 0; i <= 200000; i++)
		many += "D" + std::to_string (i) + ",P,2026-11-01\n";
	ASSERT_LT (many.size (), (size_t) 16 * 1024 * 1024);
	r = import ("74", "2026-11-30", many);
	EXPECT_EQ (r.status, 413) << r.body;
	EXPECT_NE (r.str ("error.message").find ("200000"), std::string::npos) << r.body;
	/* the other routes keep their 64 KiB */
	r = daemon->call ("POST", "/api/v1/units/import", std::string (70 * 1024, ' '));
	EXPECT_EQ (r.status, 413);
	/* every field has its length checked */
	r = import ("74", "2026-11-30",
		    "code,procedure,agency,status,due\nX," + std::string (501, 'p') + "," +
			    std::string (201, 'a') + "," + std::string (101, 's') +
			    ",2026-11-01\n" + std::string (65, 'C') + ",P,,,2026-11-01\n");
	ASSERT_EQ (r.status, 422);
	JsonArray *errors = json_object_get_array_member (
		json_object_get_object_member (json_node_get_object (r.json ()), "error"),
		"errors");
	ASSERT_EQ (json_array_get_length (errors), 4u) << r.body;
}

TEST_F (Dossiers, TodayIsTheDaemonsOwn)
{
	TG_TEST_SKIP_WITHOUT_HOOKS ();
	daemon.reset ();
	daemon = std::make_unique<Daemon> (dir.file ("state-now"),
					   std::vector<std::string>{"--demo"},
					   tg_test::with_test_now ());
	HttpResult r = daemon->call ("POST", "/api/v1/units/718/late-dossiers", VIETNAMESE_LIST);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("as_of"), "2027-02-22");
	r = daemon->call ("GET", "/api/v1/units/718/late-dossiers");
	EXPECT_EQ (r.str ("listed"), "2027-02-22");
	EXPECT_EQ (r.str ("as_of"), "2027-02-22");
}

/* ---- the weekly review ---- */

class Review : public Dossiers
{
      protected:
	/* three weeks of lists: district 718, its commune 25747, and district 719 (not below
	 * 718); C is classified in week 1, E in week 3 */
	void SetUp () override
	{
		Dossiers::SetUp ();
		const struct {
			const char *unit, *as_of, *rows, *classify, *cause;
		} lists[] = {
			{"718", "2026-11-23",
			 "A,Đất đai,Phòng TNMT,2026-11-01\nB,Đất đai,Phòng TNMT,2026-11-05\n"
			 "C,Xây dựng,Phòng QLĐT,2026-11-10\n",
			 "C", "coordination"},
			{"718", "2026-11-30",
			 "B,Đất đai,Phòng TNMT,2026-11-05\nC,Xây dựng,Phòng QLĐT,2026-11-10\n"
			 "D,Hộ tịch,Phòng Tư pháp,2026-11-20\n",
			 nullptr, nullptr},
			{"718", "2026-12-07",
			 "C,Xây dựng,Phòng QLĐT,2026-11-10\nD,Hộ tịch,Phòng Tư pháp,2026-11-20\n"
			 "E,Đất đai,Phòng TNMT,2026-12-01\n",
			 "E", "legal_land"},
			{"25747", "2026-12-07", "P-1,Chứng thực,UBND phường,2026-12-02\n", nullptr,
			 nullptr},
			{"719", "2026-12-07", "Z,Đất đai,Phòng TNMT,2026-12-02\n", nullptr,
			 nullptr},
		};
		for (const auto &l : lists) {
			ASSERT_EQ (import (l.unit, l.as_of,
					   std::string ("Mã hồ sơ,Thủ tục,Cơ quan,Hạn xử lý\n") +
						   l.rows)
					   .status,
				   200)
				<< l.unit << " " << l.as_of;
			if (l.classify != nullptr) {
				ASSERT_EQ (classify (l.unit, l.classify,
						     std::string ("{\"cause\":\"") + l.cause +
							     "\"}")
						   .status,
					   200);
			}
		}
	}

	static gint64 member (const HttpResult &r, const char *name)
	{
		return json_object_get_int_member (json_node_get_object (r.json ()), name);
	}
};

TEST_F (Review, CountsTheLateTheNewTheResolvedAndTheUnclassified)
{
	HttpResult r = daemon->call ("GET", "/api/v1/units/718/late-review?as_of=2026-12-07");
	ASSERT_EQ (r.status, 200) << r.body;
	/* 718: C D E (B resolved, E new); 25747: P-1 (new: its first list) */
	EXPECT_EQ (member (r, "units_listed"), 2);
	EXPECT_EQ (member (r, "late"), 4);
	EXPECT_EQ (member (r, "new"), 2);
	EXPECT_EQ (member (r, "resolved"), 1);
	EXPECT_EQ (member (r, "unclassified"), 2);
	JsonObject *root = json_node_get_object (r.json ());
	JsonObject *causes = json_object_get_object_member (root, "by_cause");
	EXPECT_EQ (json_object_get_int_member (causes, "coordination"), 1);
	EXPECT_EQ (json_object_get_int_member (causes, "legal_land"), 1);
	EXPECT_EQ (json_object_get_int_member (causes, "workload"), 0);
	EXPECT_EQ (json_object_get_int_member (causes, "unclassified"), 2);
	/* by procedure, most first then by name */
	JsonArray *procedures = json_object_get_array_member (root, "by_procedure");
	ASSERT_EQ (json_array_get_length (procedures), 4u) << r.body;
	JsonObject *first = json_array_get_object_element (procedures, 0);
	EXPECT_EQ (json_object_get_int_member (first, "count"), 1);
	JsonArray *agencies = json_object_get_array_member (root, "by_agency");
	EXPECT_EQ (json_array_get_length (agencies), 4u) << r.body;
	/* the trend: twelve weeks, the last three with their lists */
	JsonArray *trend = json_object_get_array_member (root, "trend");
	ASSERT_EQ (json_array_get_length (trend), 12u) << r.body;
	const struct {
		guint index;
		const char *week;
		gint64 late;
	} weeks[] = {{0, "2026-09-21", 0},
		     {9, "2026-11-23", 3},
		     {10, "2026-11-30", 3},
		     {11, "2026-12-07", 4}};
	for (const auto &w : weeks) {
		JsonObject *o = json_array_get_object_element (trend, w.index);
		EXPECT_STREQ (json_object_get_string_member (o, "week"), w.week);
		EXPECT_EQ (json_object_get_int_member (o, "late"), w.late) << w.week;
	}

	/* the province sees 719 too; on the Wednesday after, the same lists */
	r = daemon->call ("GET", "/api/v1/units/74/late-review?as_of=2026-12-09");
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (member (r, "late"), 5);
	EXPECT_EQ (member (r, "units_listed"), 3);
	/* a week before: 718's second list against its first */
	r = daemon->call ("GET", "/api/v1/units/718/late-review?as_of=2026-11-30");
	EXPECT_EQ (member (r, "late"), 3);
	EXPECT_EQ (member (r, "new"), 1);
	EXPECT_EQ (member (r, "resolved"), 1);
	EXPECT_EQ (member (r, "unclassified"), 2);
}

TEST_F (Review, CsvAndXlsxSayWhatTheJsonSays)
{
	const std::string path = "/api/v1/units/74/late-review?as_of=2026-12-07";
	HttpResult csv = daemon->call ("GET", path, "", nullptr, {"Accept: text/csv"});
	ASSERT_EQ (csv.status, 200) << csv.body;
	EXPECT_EQ (tg_test::header (csv, "content-type"), "text/csv; charset=utf-8");
	EXPECT_EQ (csv.body.rfind ("\xEF\xBB\xBF"
				   "dimension,key,count\r\n",
				   0),
		   0u);
	EXPECT_NE (csv.body.find ("total,late,5\r\n"), std::string::npos) << csv.body;
	EXPECT_NE (csv.body.find ("cause,coordination,1\r\n"), std::string::npos) << csv.body;
	EXPECT_NE (csv.body.find ("week,2026-12-07,5\r\n"), std::string::npos) << csv.body;
	EXPECT_EQ (daemon->call ("GET", path + "&format=csv").body, csv.body);
	EXPECT_EQ (daemon->call ("GET", path + "&format=pdf").status, 422);

	HttpResult x = daemon->call ("GET", path + "&format=xlsx");
	ASSERT_EQ (x.status, 200);
	EXPECT_EQ (tg_test::header (x, "content-type"),
		   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	std::string file = dir.file ("review.xlsx");
	ASSERT_TRUE (g_file_set_contents (file.c_str (), x.body.data (), (gssize) x.body.size (),
					  nullptr));
	const gchar *python = g_getenv ("PYTHON3");
	std::string script = tg_test::srcdir_file ("xlsx/read-xlsx.py");
	const gchar *argv[] = {python != nullptr && python[0] != '\0' ? python : "/usr/bin/python3",
			       script.c_str (), file.c_str (), nullptr};
	gchar *out = nullptr, *err = nullptr;
	gint status = 0;
	ASSERT_TRUE (g_spawn_sync (nullptr, (gchar **) argv, nullptr, G_SPAWN_DEFAULT, nullptr,
				   nullptr, &out, &err, &status, nullptr));
	std::string read (out), errors (err);
	g_free (out);
	g_free (err);
	ASSERT_TRUE (g_spawn_check_wait_status (status, nullptr)) << errors;
	/* openpyxl reads, sheet by sheet, the rows of the CSV */
	std::string expected;
	for (size_t at = csv.body.find ("\r\n") + 2; at < csv.body.size ();) {
		size_t end = csv.body.find ("\r\n", at);
		expected += csv.body.substr (at, end - at) + "\n";
		at = end + 2;
	}
	EXPECT_EQ (read, expected);
	EXPECT_NE (read.find ("total,late,5\n"), std::string::npos) << read;
}

TEST_F (Review, OnlyForTheSecretariesOfTheUnitOrAbove)
{
	std::string other = token ("secretary", "719");
	std::string commune = token ("secretary", "25747");
	std::string own = token ("secretary", "718");
	const std::string path = "/api/v1/units/718/late-review?as_of=2026-12-07";
	EXPECT_EQ (daemon->call ("GET", path, "", &other).status, 403);
	EXPECT_EQ (daemon->call ("GET", path, "", &commune).status, 403);
	EXPECT_EQ (daemon->call ("GET", path + "&format=csv", "", &other).status, 403);
	HttpResult r = daemon->call ("GET", path, "", &own);
	EXPECT_EQ (r.status, 200);
	/* a commune's secretary sees the commune's own review */
	r = daemon->call ("GET", "/api/v1/units/25747/late-review?as_of=2026-12-07", "", &commune);
	ASSERT_EQ (r.status, 200);
	EXPECT_EQ (member (r, "late"), 1);
}

/* ---- a booking about a listed dossier, and the dossier's history ---- */

namespace
{

/* the day @days before @date (YYYY-MM-DD) */
std::string
days_before (const std::string &date, gint days)
{
	g_autoptr (GDate) d = g_date_new ();
	g_date_set_parse (d, date.c_str ());
	g_date_subtract_days (d, (guint) days);
	gchar out[16];
	g_date_strftime (out, sizeof out, "%Y-%m-%d", d);
	return out;
}

/* the booking @id in a day's list, nullptr when absent */
JsonObject *
find_booking (const HttpResult &r, const std::string &id)
{
	JsonArray *list = array_at (r, "bookings");
	for (guint i = 0; list != nullptr && i < json_array_get_length (list); i++) {
		JsonObject *b = json_array_get_object_element (list, i);
		if (id == json_object_get_string_member (b, "id"))
			return b;
	}
	return nullptr;
}

const char LISTED[] = "000.00.12.H01-261102-0001";   /* on 718's list, classified */
const char COMMUNE[] = "000.00.12.H01-261103-0002";  /* on 25747's list (below 718) */
const char RESOLVED[] = "000.00.12.H01-261104-0003"; /* on 718's list two weeks ago only */
const char UNLISTED[] = "000.00.12.H01-261105-0004"; /* on no list */

} // namespace

class DossierLinks : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<Daemon> daemon;
	std::string occ, date, sec, other, province, commune;

	void SetUp () override
	{
		std::string path = tg_test::write_config (
			dir,
			"[booking]\nrate_limit_per_hour=0\nrequire_email_confirmation=false\n");
		daemon = std::make_unique<Daemon> (dir.file ("state"),
						   std::vector<std::string>{"--demo", "--config",
									    path});
		occ = tg_test::coming_occurrence (*daemon, "718");
		HttpResult r = daemon->get ("/api/v1/occurrences/" + occ);
		date = r.str ("occurrence.date");
		ASSERT_EQ (date.size (), 10u) << r.body;
		sec = tg_test::new_token (*daemon, "secretary", "718");
		other = tg_test::new_token (*daemon, "secretary", "719");
		province = tg_test::new_token (*daemon, "secretary", "74");
		commune = tg_test::new_token (*daemon, "secretary", "25747");
		/* two weeks ago LISTED and RESOLVED; a week ago LISTED alone (RESOLVED is done) */
		const std::string head = "Mã hồ sơ,Thủ tục,Cơ quan,Hạn xử lý,Trạng thái\n";
		const std::string listed = std::string (LISTED) +
					   ",Cấp giấy phép xây dựng,Phòng Quản lý đô thị," +
					   days_before (date, 23) + ",Đang xử lý\n";
		import ("718", days_before (date, 14),
			head + listed + RESOLVED + ",Chứng thực bản sao,,2026-11-01,\n");
		import ("718", days_before (date, 7), head + listed);
		import ("25747", days_before (date, 7),
			head + COMMUNE + ",Đăng ký hộ kinh doanh,UBND phường," +
				days_before (date, 10) + ",\n");
		r = daemon->call ("PATCH",
				  std::string ("/api/v1/units/718/late-dossiers/") + LISTED,
				  "{\"cause\":\"coordination\",\"responsible_agency\":\"Sở Tài "
				  "nguyên và Môi trường\",\"deadline\":\"2027-01-15\"}",
				  &sec);
		ASSERT_EQ (r.status, 200) << r.body;
	}

	void import (const std::string &unit, const std::string &as_of, const std::string &csv)
	{
		HttpResult r =
			daemon->call ("POST",
				      "/api/v1/units/" + unit + "/late-dossiers?as_of=" + as_of,
				      csv, nullptr, {"Content-Type: text/csv"});
		ASSERT_EQ (r.status, 200) << r.body;
	}

	std::string book (const std::string &code, const std::string &phone)
	{
		HttpResult b = tg_test::http (
			"POST", daemon->url () + "/api/v1/bookings",
			"{\"occurrence\":\"" + occ +
				"\",\"requester\":{\"kind\":\"citizen\",\"name\":\"Nguyễn Văn "
				"A\",\"phone\":\"" +
				phone + "\",\"email\":\"a" + phone +
				"@example.vn\"},\"topic\":{\"category\":\"late_dossier\","
				"\"dossier_code\":\"" +
				code +
				"\",\"summary\":\"Hồ sơ trễ hạn\"},\"language\":\"vi\","
				"\"consent\":true}");
		EXPECT_EQ (b.status, 201) << b.body;
		return b.str ("booking.id");
	}

	HttpResult day (const std::string *tok)
	{
		return daemon->call ("GET", "/api/v1/occurrences/" + occ + "/bookings", "", tok);
	}

	HttpResult history (const std::string &unit, const std::string &code,
			    const std::string *tok)
	{
		return daemon->call ("GET",
				     "/api/v1/units/" + unit + "/late-dossiers/" + code +
					     "?as_of=" + date,
				     "", tok);
	}
};

TEST_F (DossierLinks, TheDayListShowsTheLateDossierABookingIsAbout)
{
	std::string listed = book (LISTED, "0912000001");
	std::string below = book (COMMUNE, "0912000002");
	std::string resolved = book (RESOLVED, "0912000003");
	std::string unlisted = book (UNLISTED, "0912000004");
	HttpResult r = day (&sec);
	ASSERT_EQ (r.status, 200) << r.body;
	JsonObject *b = find_booking (r, listed);
	ASSERT_NE (b, nullptr) << r.body;
	ASSERT_TRUE (json_object_has_member (b, "late_dossier")) << r.body;
	JsonObject *d = json_object_get_object_member (b, "late_dossier");
	EXPECT_STREQ (json_object_get_string_member (d, "code"), LISTED);
	EXPECT_STREQ (json_object_get_string_member (d, "unit"), "718");
	EXPECT_EQ (json_object_get_string_member (d, "listed"), days_before (date, 7));
	/* days late as of the session's day */
	EXPECT_EQ (json_object_get_int_member (d, "days_late"), 23);
	EXPECT_STREQ (json_object_get_string_member (d, "procedure"), "Cấp giấy phép xây dựng");
	EXPECT_STREQ (json_object_get_string_member (d, "agency"), "Phòng Quản lý đô thị");
	EXPECT_STREQ (json_object_get_string_member (d, "responsible_agency"),
		      "Sở Tài nguyên và Môi trường");
	EXPECT_STREQ (json_object_get_string_member (d, "cause"), "coordination");
	EXPECT_STREQ (json_object_get_string_member (d, "deadline"), "2027-01-15");
	/* a dossier of the commune below the unit */
	b = find_booking (r, below);
	ASSERT_NE (b, nullptr);
	ASSERT_TRUE (json_object_has_member (b, "late_dossier")) << r.body;
	d = json_object_get_object_member (b, "late_dossier");
	EXPECT_STREQ (json_object_get_string_member (d, "unit"), "25747");
	EXPECT_EQ (json_object_get_int_member (d, "days_late"), 10);
	EXPECT_TRUE (json_object_get_null_member (d, "cause"));
	/* resolved since (gone from the latest list), or never listed: no link */
	EXPECT_FALSE (json_object_has_member (find_booking (r, resolved), "late_dossier"));
	EXPECT_FALSE (json_object_has_member (find_booking (r, unlisted), "late_dossier"));
	/* the province's secretary sees the link; the other district's, not even the list */
	r = day (&province);
	ASSERT_EQ (r.status, 200);
	EXPECT_TRUE (json_object_has_member (find_booking (r, listed), "late_dossier"));
	EXPECT_EQ (day (&other).status, 403);
	/* the unit's staff see their bookings, not the dossiers */
	std::string staff_id, staff;
	{
		HttpResult t =
			daemon->call ("POST", "/api/v1/tokens",
				      "{\"role\":\"staff\",\"unit\":\"718\",\"name\":\"B\"}");
		ASSERT_EQ (t.status, 201) << t.body;
		staff_id = t.str ("id");
		staff = t.str ("token");
	}
	ASSERT_EQ (daemon->call ("PATCH", "/api/v1/bookings/" + listed,
				 "{\"assignee\":\"" + staff_id + "\"}", &sec)
			   .status,
		   200);
	r = day (&staff);
	ASSERT_EQ (r.status, 200) << r.body;
	ASSERT_NE (find_booking (r, listed), nullptr) << r.body;
	EXPECT_FALSE (json_object_has_member (find_booking (r, listed), "late_dossier"));
	/* the commune's secretary does not see the district's sessions */
	EXPECT_EQ (day (&commune).status, 403);
}

TEST_F (DossierLinks, TheReceptionsOutcomeIsOnTheDossiersHistory)
{
	std::string listed = book (LISTED, "0912000001");
	std::string below = book (COMMUNE, "0912000002");
	ASSERT_EQ (daemon->call ("PATCH", "/api/v1/bookings/" + listed, "{\"status\":\"attended\"}",
				 &sec)
			   .status,
		   200);
	HttpResult r = daemon->call ("PATCH", "/api/v1/bookings/" + listed,
				     "{\"outcome\":\"transferred\",\"cause\":\"it_system\","
				     "\"note\":\"Chuyển Sở TNMT\"}",
				     &sec);
	ASSERT_EQ (r.status, 200) << r.body;
	ASSERT_EQ (daemon->call ("PATCH", "/api/v1/bookings/" + below,
				 "{\"outcome\":\"guided\",\"cause\":\"missing_documents\"}", &sec)
			   .status,
		   200);

	r = history ("718", LISTED, &sec);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("dossier.code"), LISTED);
	EXPECT_EQ (r.str ("dossier.cause"), "coordination");
	EXPECT_NE (r.body.find ("\"late\":true"), std::string::npos) << r.body;
	/* the secretary's classification stands: no suggestion over it */
	EXPECT_NE (r.body.find ("\"suggested_cause\":null"), std::string::npos) << r.body;
	JsonObject *d = json_object_get_object_member (json_node_get_object (r.json ()), "dossier");
	JsonArray *weeks = json_object_get_array_member (d, "history");
	ASSERT_EQ (json_array_get_length (weeks), 2u) << r.body;
	EXPECT_EQ (json_object_get_string_member (json_array_get_object_element (weeks, 0),
						  "as_of"),
		   days_before (date, 14));
	EXPECT_EQ (json_object_get_int_member (json_array_get_object_element (weeks, 1),
					       "days_late"),
		   16);
	JsonArray *rec = json_object_get_array_member (d, "receptions");
	ASSERT_EQ (json_array_get_length (rec), 1u) << r.body;
	JsonObject *one = json_array_get_object_element (rec, 0);
	EXPECT_EQ (json_object_get_string_member (one, "booking"), listed);
	EXPECT_EQ (json_object_get_string_member (one, "date"), date);
	EXPECT_STREQ (json_object_get_string_member (one, "status"), "attended");
	EXPECT_STREQ (json_object_get_string_member (one, "outcome"), "transferred");
	EXPECT_STREQ (json_object_get_string_member (one, "cause"), "it_system");
	EXPECT_STREQ (json_object_get_string_member (one, "note"), "Chuyển Sở TNMT");
	/* no personal data of the citizen */
	EXPECT_EQ (r.body.find ("Nguyễn"), std::string::npos) << r.body;
	EXPECT_EQ (r.body.find ("0912000001"), std::string::npos) << r.body;
	EXPECT_EQ (r.body.find ("example.vn"), std::string::npos) << r.body;

	/* the commune's dossier, received at the district: its cause is suggested, not set */
	r = history ("25747", COMMUNE, &sec);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("dossier.cause"), "");
	EXPECT_EQ (r.str ("dossier.suggested_cause.cause"), "missing_documents");
	EXPECT_EQ (r.str ("dossier.suggested_cause.booking"), below);
	EXPECT_EQ (r.str ("dossier.suggested_cause.date"), date);
	r = daemon->call ("GET", "/api/v1/units/25747/late-dossiers?as_of=" + date, "", &sec);
	EXPECT_TRUE (json_object_get_null_member (find_dossier (r, COMMUNE), "cause")) << r.body;
	/* the commune's secretary sees the dossier, not the district's reception */
	r = history ("25747", COMMUNE, &commune);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.body.find (below), std::string::npos) << r.body;
	EXPECT_EQ (r.str ("dossier.suggested_cause.cause"), "");

	/* another district's secretary sees nothing; nobody without a token */
	EXPECT_EQ (history ("718", LISTED, &other).status, 403);
	EXPECT_EQ (history ("25747", COMMUNE, &other).status, 403);
	std::string none;
	EXPECT_EQ (history ("718", LISTED, &none).status, 401);
	/* the province's does */
	EXPECT_EQ (history ("718", LISTED, &province).status, 200);

	/* resolved since: the history, not late any more */
	r = history ("718", RESOLVED, &sec);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_NE (r.body.find ("\"late\":false"), std::string::npos) << r.body;
	EXPECT_EQ (r.str ("dossier.listed"), days_before (date, 14));
	/* a code on no list, a malformed one, another unit's */
	EXPECT_EQ (history ("718", UNLISTED, &sec).status, 404);
	EXPECT_EQ (history ("718", "A%20B", &sec).status, 404);
	EXPECT_EQ (history ("718", COMMUNE, &sec).status, 404);
	EXPECT_EQ (daemon->call ("GET",
				 std::string ("/api/v1/units/718/late-dossiers/") + LISTED +
					 "?as_of=soon",
				 "", &sec)
			   .str ("error.field"),
		   "as_of");
}

/* The conclusions of a meeting: recorded once it is held, numbered, checked, only by the
 * unit's secretaries (and those above), and followed up: the open ones of earlier meetings,
 * overdue after their deadline */
class Conclusions : public ::testing::Test
{
      protected:
	tg_test::TempDir dir;
	std::unique_ptr<Daemon> daemon;
	std::string secretary;

	void SetUp () override
	{
		TG_TEST_SKIP_WITHOUT_HOOKS ();
		daemon = std::make_unique<Daemon> (dir.file ("state"),
						   std::vector<std::string>{"--demo"},
						   tg_test::with_test_now ());
		secretary = tg_test::new_token (*daemon, "secretary", "718");
	}

	HttpResult conclude (const std::string &occurrence, const std::string &body,
			     const std::string *tok)
	{
		return daemon->call ("POST", "/api/v1/occurrences/" + occurrence + "/conclusions",
				     body, tok);
	}
};

const char TODAYS_MEETING[] = "718-20270222";

TEST_F (Conclusions, AreNumberedCheckedAndFollowedUp)
{
	HttpResult r = conclude (TODAYS_MEETING,
				 "{\"text\":\"Rà soát 12 hồ sơ đất đai trễ hạn,\\nbáo cáo UBND\","
				 "\"assignee\":\"Phòng Tài nguyên và Môi trường\","
				 "\"deadline\":\"2027-02-26\"}",
				 &secretary);
	ASSERT_EQ (r.status, 201) << r.body;
	EXPECT_EQ (r.str ("conclusion.id"), "718-20270222-1");
	EXPECT_EQ (r.str ("conclusion.status"), "open");
	EXPECT_EQ (r.str ("conclusion.meeting_date"), "2027-02-22");
	r = conclude (TODAYS_MEETING,
		      "{\"text\":\"Bổ sung cán bộ một cửa\",\"assignee\":\"Phòng Nội vụ\","
		      "\"deadline\":\"2027-03-31\"}",
		      &secretary);
	ASSERT_EQ (r.status, 201) << r.body;
	EXPECT_EQ (r.str ("conclusion.id"), "718-20270222-2");

	/* what is refused, each naming its field, and nothing stored */
	const std::vector<std::pair<std::string, std::string>> bad = {
		{"{\"assignee\":\"Phòng Nội vụ\",\"deadline\":\"2027-03-01\"}", "text"},
		{"{\"text\":\"a\\r\\nBEGIN:VTODO\",\"assignee\":\"P\",\"deadline\":\"2027-03-01\"}",
		 "text"},
		{"{\"text\":\"a\",\"assignee\":\"P\\nQ\",\"deadline\":\"2027-03-01\"}", "assignee"},
		{"{\"text\":\"a\",\"assignee\":\"P\",\"deadline\":\"2027-02-30\"}", "deadline"},
		{"{\"text\":\"a\",\"assignee\":\"P\",\"deadline\":\"2027-02-15\"}", "deadline"},
		{"{\"text\":\"a\",\"assignee\":\"P\",\"deadline\":\"2027-03-01\",\"status\":\"x\"}",
		 "status"},
		{"{\"text\":" + std::string ("\"") + std::string (2001, 'a') +
			 "\",\"assignee\":\"P\",\"deadline\":\"2027-03-01\"}",
		 "text"},
	};
	for (const auto &b : bad) {
		r = conclude (TODAYS_MEETING, b.first, &secretary);
		EXPECT_EQ (r.status, 422) << b.first << " " << r.body;
		EXPECT_EQ (r.str ("error.field"), b.second) << b.first;
	}
	/* a meeting not yet held, and one that does not exist */
	r = conclude ("718-20270301",
		      "{\"text\":\"a\",\"assignee\":\"P\",\"deadline\":\"2027-03-05\"}",
		      &secretary);
	EXPECT_EQ (r.status, 409) << r.body;
	EXPECT_EQ (conclude ("718-20270223", "{}", &secretary).status, 404);

	/* who may: not another district, not the staff, not anyone */
	std::string other = tg_test::new_token (*daemon, "secretary", "719");
	std::string staff = tg_test::new_token (*daemon, "staff", "718");
	std::string province = tg_test::new_token (*daemon, "secretary", "74");
	std::string none;
	for (const std::string *t : {&other, &staff}) {
		EXPECT_EQ (
			conclude (TODAYS_MEETING,
				  "{\"text\":\"a\",\"assignee\":\"P\",\"deadline\":\"2027-03-01\"}",
				  t)
				.status,
			403);
		EXPECT_EQ (daemon->call ("PATCH", "/api/v1/conclusions/718-20270222-1",
					 "{\"status\":\"done\"}", t)
				   .status,
			   403);
		EXPECT_EQ (daemon->call ("GET", "/api/v1/units/718/follow-up", "", t).status, 403);
	}
	EXPECT_EQ (daemon->call ("GET", "/api/v1/occurrences/718-20270222/conclusions", "", &none)
			   .status,
		   401);
	r = daemon->call ("GET", "/api/v1/occurrences/718-20270222/conclusions", "", &province);
	ASSERT_EQ (r.status, 200) << r.body;
	ASSERT_EQ (json_array_get_length (array_at (r, "conclusions")), 2u);

	/* the second is done; a bad change and an unknown one are refused */
	r = daemon->call ("PATCH", "/api/v1/conclusions/718-20270222-2", "{\"status\":\"done\"}",
			  &secretary);
	ASSERT_EQ (r.status, 200) << r.body;
	EXPECT_EQ (r.str ("conclusion.status"), "done");
	EXPECT_EQ (daemon->call ("PATCH", "/api/v1/conclusions/718-20270222-1",
				 "{\"status\":\"closed\"}", &secretary)
			   .status,
		   422);
	EXPECT_EQ (daemon->call ("PATCH", "/api/v1/conclusions/718-20270222-9",
				 "{\"status\":\"done\"}", &secretary)
			   .status,
		   404);
	EXPECT_EQ (daemon->call ("PATCH", "/api/v1/conclusions/..%2f..%2f", "{\"status\":\"done\"}",
				 &secretary)
			   .status,
		   404);

	/* a week later, the next meeting follows up the first: open, and overdue */
	tg_test::advance_clock (*daemon, 7 * 86400);
	r = daemon->call ("GET", "/api/v1/units/718/follow-up", "", &secretary);
	ASSERT_EQ (r.status, 200) << r.body;
	JsonArray *open = array_at (r, "conclusions");
	ASSERT_EQ (json_array_get_length (open), 1u) << r.body;
	JsonObject *first = json_array_get_object_element (open, 0);
	EXPECT_STREQ (json_object_get_string_member (first, "id"), "718-20270222-1");
	EXPECT_STREQ (json_object_get_string_member (first, "status"), "overdue");
	EXPECT_STREQ (json_object_get_string_member (first, "text"),
		      "Rà soát 12 hồ sơ đất đai trễ hạn,\nbáo cáo UBND");
	/* the day of the meeting itself is not followed up at it */
	r = daemon->call ("GET", "/api/v1/units/718/follow-up?before=2027-02-22", "", &secretary);
	ASSERT_EQ (r.status, 200);
	EXPECT_EQ (json_array_get_length (array_at (r, "conclusions")), 0u);
	EXPECT_EQ (daemon->call ("GET", "/api/v1/units/718/follow-up?before=2027-13-01", "",
				 &secretary)
			   .status,
		   422);
}
