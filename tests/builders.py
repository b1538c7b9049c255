"""Small builders for import files, written the way users' spreadsheets are."""

import csv

import openpyxl

ROSTER_HEADER = [
    "เลขประจำตัวประชาชน",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เบอร์โทรศัพท์",
    "บ้านเลขที่",
    "หมู่ที่",
    "หมู่บ้าน",
    "รหัสตำบล",
]
INTERVIEW_HEADER = [
    "เลขประจำตัวประชาชน",
    "วันที่สัมภาษณ์",
    "กลุ่ม",
    "ความต้องการอันดับ 1",
    "ความต้องการอันดับ 2",
    "ความต้องการอันดับ 3",
    "สิ่งจำเป็นพื้นฐาน",
    "ทักษะอาชีพ",
]
PROGRESS_HEADER = [
    "เลขประจำตัวประชาชน",
    "หน่วยงานที่ดำเนินการพัฒนา",
    "โครงการ",
    "จังหวัดที่ดำเนินการพัฒนา",
    "สถานะ",
    "วันที่เริ่ม",
    "วันที่เสร็จ",
]


def write_xlsx(path, header, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, header, rows, bom=True):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path
