#!/bin/bash
# Late dossiers: the weekly import of a late-dossier list of ROWS rows (the one-stop system's
# CSV with a BOM, semicolons and Vietnamese headers) over HTTP, in rows/s (goal >= 50,000),
# then the weekly review of the demo province after WEEKS weekly lists of each of its units
# (PER_UNIT dossiers each, a third of them new every week), in ms (goal < 200).
#   tests/bench/bench-dossiers.sh [ROWS] [WEEKS] [PER_UNIT]
set -eu
rows=${1:-50000}
weeks=${2:-12}
per_unit=${3:-200}
. "$(dirname "$0")/demo-daemon.sh"
start_demo_daemon ''

/usr/bin/python3 - "$url" "$state/admin-token" "$rows" "$weeks" "$per_unit" <<'PY'
import datetime, json, statistics, sys, time, urllib.request

url, token_file, rows, weeks, per_unit = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
token = open(token_file).read().strip()
procedures = ["Cấp giấy chứng nhận quyền sử dụng đất", "Cấp giấy phép xây dựng",
              "Đăng ký hộ kinh doanh", "Chứng thực bản sao", "Đăng ký khai sinh",
              "Cấp đổi giấy phép lái xe", "Xác nhận tình trạng hôn nhân", "Thẩm định thiết kế",
              "Cấp phép khai thác nước ngầm", "Đăng ký biến động đất đai", "Hỗ trợ tái định cư",
              "Cấp giấy phép kinh doanh rượu"]
agencies = ["Văn phòng đăng ký đất đai", "Phòng Quản lý đô thị", "Phòng Tài chính - Kế hoạch",
            "Phòng Tư pháp", "Phòng Tài nguyên và Môi trường", "UBND phường"]


def call(method, path, body=None, accept=None):
    req = urllib.request.Request(url + path, data=body, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if accept:
        req.add_header("Accept", accept)
    with urllib.request.urlopen(req) as r:
        return r.read()


def csv(codes, week):
    out = ["\ufeffSTT;Mã hồ sơ;Thủ tục;Cơ quan;Ngày tiếp nhận;Hạn xử lý;Trạng thái"]
    for i, code in enumerate(codes):
        due = datetime.date(2026, 1, 1) + datetime.timedelta(days=(i * 7 + week) % 330)
        got = due - datetime.timedelta(days=15)
        out.append(f'{i + 1};{code};"{procedures[i % len(procedures)]}";'
                   f'{agencies[i % len(agencies)]};{got:%d/%m/%Y};{due:%d/%m/%Y};Đang xử lý')
    return ("\r\n".join(out) + "\r\n").encode()


# the import: three lists of the province itself, a new one each time, dated after the
# weeks of the review below (which they would otherwise join)
times = []
for k in range(3):
    body = csv([f"000.00.74.H57-26{k:02d}01-{i:06d}" for i in range(rows)], k)
    t = time.perf_counter()
    answer = json.loads(call("POST", f"/api/v1/units/74/late-dossiers?as_of=2027-0{k + 1}-04",
                             body))
    times.append(time.perf_counter() - t)
    assert answer["imported"] == rows, answer
t = time.perf_counter()
answer = json.loads(call("POST", "/api/v1/units/74/late-dossiers?as_of=2027-03-04", body))
same = time.perf_counter() - t
assert answer["unchanged"], answer
print(f"import of {rows} rows ({len(body) / 1e6:.1f} MB): "
      f"{rows / min(times):,.0f} rows/s best, {rows / statistics.median(times):,.0f} median "
      f"({min(times) * 1000:.0f}-{max(times) * 1000:.0f} ms; goal >= 50,000 rows/s); "
      f"the same list again (unchanged): {same * 1000:.0f} ms")

# the review: every unit below the province with a list each week
units = [u["code"] for u in json.loads(call("GET", "/api/v1/units"))["units"]
         if u["code"] != "74"]
monday = datetime.date(2026, 9, 7)
t = time.perf_counter()
for w in range(weeks):
    day = monday + datetime.timedelta(days=7 * w)
    for n, unit in enumerate(units):
        # a third of each unit's list is new every week; the rest stays late
        first = w * per_unit // 3
        codes = [f"{unit}.H57-{j:06d}" for j in range(first, first + per_unit)]
        call("POST", f"/api/v1/units/{unit}/late-dossiers?as_of={day}", csv(codes, w))
    # a few classified each week
    for unit in units[:10]:
        code = f"{unit}.H57-{w * per_unit // 3:06d}"
        call("PATCH", f"/api/v1/units/{unit}/late-dossiers/{code}",
             json.dumps({"cause": "coordination"}).encode())
fill = time.perf_counter() - t
last = monday + datetime.timedelta(days=7 * (weeks - 1))
listed = weeks * len(units) * per_unit
print(f"{weeks} weekly lists of {len(units)} units, {per_unit} dossiers each "
      f"({listed:,} rows listed): written in {fill:.1f} s")
for label, accept, fmt in (("JSON", None, "json"), ("CSV", "text/csv", "csv"),
                           ("XLSX", None, "xlsx")):
    ms = []
    for _ in range(15):
        t = time.perf_counter()
        out = call("GET", f"/api/v1/units/74/late-review?as_of={last}&format={fmt}",
                   accept=accept)
        ms.append((time.perf_counter() - t) * 1000)
    if fmt == "json":
        review = json.loads(out)
    print(f"review of the province ({label}): {statistics.median(ms):.1f} ms median, "
          f"{max(ms):.1f} ms max (goal < 200 ms)")
print(f"  late {review['late']}, new {review['new']}, resolved {review['resolved']}, "
      f"unclassified {review['unclassified']}, {len(review['trend'])} weeks of trend")
PY
