//! An export's two files: the XLSX workbook (three sheets, rows streamed through temporary files so a
//! year of a large regency fits a small function's memory) and the CSV of its incidents sheet.

use anyhow::Context as _;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use tanggap_domain::Lang;
use tanggap_domain::dashboard::export::{Cell, Sheet, headings};
use tanggap_domain::time::local;

/// Excel's own date-time form; the center's time, as the dashboard shows it.
const TIME_FORMAT: &str = "yyyy-mm-dd hh:mm:ss";

/// Both files, written row by row.
pub struct Files {
    workbook: Workbook,
    incidents_row: u32,
    csv: csv::Writer<Vec<u8>>,
    lang: Lang,
    utc_offset_hours: i8,
    time: Format,
    share: Format,
    heading: Format,
}

impl Files {
    /// The files with their incidents sheet begun (its headings written).
    pub fn new(lang: Lang, utc_offset_hours: i8) -> anyhow::Result<Self> {
        let mut workbook = Workbook::new();
        let heading = Format::new().set_bold();
        let worksheet = workbook.add_worksheet_with_constant_memory().context("adding the incidents sheet")?;
        begin(worksheet, Sheet::Incidents, lang, &heading)?;
        // A UTF-8 mark first, so that Excel opens the CSV's Indonesian names as they are.
        let mut csv = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        csv.write_record(headings(Sheet::Incidents, lang)).context("writing the CSV's headings")?;
        Ok(Self {
            workbook,
            incidents_row: 1,
            csv,
            lang,
            utc_offset_hours,
            time: Format::new().set_num_format(TIME_FORMAT),
            share: Format::new().set_num_format("0.0%"),
            heading,
        })
    }

    /// Appends rows to the incidents sheet and the CSV.
    pub fn incidents(&mut self, rows: &[Vec<Cell>]) -> anyhow::Result<()> {
        let worksheet = self.workbook.worksheet_from_index(0).context("the incidents sheet")?;
        for row in rows {
            for (column, cell) in row.iter().enumerate() {
                write(worksheet, self.incidents_row, column, cell, self.utc_offset_hours, &self.time, &self.share)?;
            }
            self.incidents_row += 1;
            let record: Vec<String> = row.iter().map(|cell| text(cell, self.utc_offset_hours)).collect();
            self.csv.write_record(&record).context("writing a row of the CSV")?;
        }
        Ok(())
    }

    /// Adds the other sheets and returns the workbook's and the CSV's bytes.
    pub fn finish(mut self, scorecard: &[Vec<Cell>], funnel: &[Vec<Cell>]) -> anyhow::Result<(Vec<u8>, Vec<u8>)> {
        for (sheet, rows) in [(Sheet::Scorecard, scorecard), (Sheet::Funnel, funnel)] {
            let worksheet = self.workbook.add_worksheet_with_constant_memory().context("adding a sheet")?;
            begin(worksheet, sheet, self.lang, &self.heading)?;
            for (n, row) in rows.iter().enumerate() {
                let at = u32::try_from(n + 1).context("too many rows")?;
                for (column, cell) in row.iter().enumerate() {
                    write(worksheet, at, column, cell, self.utc_offset_hours, &self.time, &self.share)?;
                }
            }
        }
        let xlsx = self.workbook.save_to_buffer().context("writing the workbook")?;
        let csv = self.csv.into_inner().context("finishing the CSV")?;
        Ok((xlsx, csv))
    }
}

/// Names the sheet and writes its headings, frozen above the rows.
fn begin(worksheet: &mut Worksheet, sheet: Sheet, lang: Lang, heading: &Format) -> anyhow::Result<()> {
    worksheet.set_name(sheet.label(lang)).context("naming a sheet")?;
    for (column, title) in headings(sheet, lang).into_iter().enumerate() {
        let column = u16::try_from(column).context("too many columns")?;
        worksheet.write_string_with_format(0, column, title, heading).context("writing a heading")?;
        worksheet.set_column_width(column, (title.chars().count() as f64).clamp(10.0, 30.0) + 2.0).ok();
    }
    worksheet.set_freeze_panes(1, 0).context("freezing the headings")?;
    Ok(())
}

fn write(
    worksheet: &mut Worksheet,
    row: u32,
    column: usize,
    cell: &Cell,
    utc_offset_hours: i8,
    time: &Format,
    share: &Format,
) -> anyhow::Result<()> {
    let column = u16::try_from(column).context("too many columns")?;
    match cell {
        Cell::Empty => return Ok(()),
        Cell::Text(text) => worksheet.write_string(row, column, text),
        Cell::Count(count) => worksheet.write_number(row, column, *count as f64),
        Cell::Number(number) => worksheet.write_number(row, column, *number),
        Cell::Share(part) => worksheet.write_number_with_format(row, column, *part, share),
        Cell::Time(at) => {
            let t = local(*at, utc_offset_hours);
            let datetime = ExcelDateTime::from_ymd(t.year() as u16, u8::from(t.month()), t.day())
                .and_then(|d| d.and_hms(u16::from(t.hour()), t.minute(), f64::from(t.second())))
                .context("a time Excel cannot hold")?;
            worksheet.write_datetime_with_format(row, column, &datetime, time)
        }
    }
    .with_context(|| format!("writing row {row}, column {column}"))?;
    Ok(())
}

/// A cell as the CSV writes it: times in the center's time with its offset (ISO 8601).
fn text(cell: &Cell, utc_offset_hours: i8) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Count(count) => count.to_string(),
        Cell::Number(number) => number.to_string(),
        Cell::Share(part) => format!("{:.1}", part * 100.0),
        Cell::Time(at) => at.local_iso8601(utc_offset_hours),
    }
}
