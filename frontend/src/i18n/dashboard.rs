//! The words of the dashboard (`/dasbor`), which only the dashboard's console carries.

use tanggap_domain::Lang;

pub struct DashboardTexts {
    pub range: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub filters: &'static str,
    pub all_categories: &'static str,
    pub all_districts: &'static str,
    pub all_agencies: &'static str,
    pub all_priorities: &'static str,
    /// Before the previous period's figure ("sebelumnya 12").
    pub previous: &'static str,
    pub compared_with: &'static str,

    pub calls: &'static str,
    pub incidents: &'static str,
    pub verified: &'static str,
    pub dispatched: &'static str,
    pub resolved: &'static str,
    pub closed_false: &'static str,

    pub funnel_title: &'static str,
    pub outcomes_title: &'static str,
    pub calls_per_day_title: &'static str,
    pub calls_per_month_title: &'static str,
    pub heatmap_title: &'static str,
    /// Monday first, as the API counts weekdays.
    pub weekdays: [&'static str; 7],
    pub sla_title: &'static str,
    pub categories_title: &'static str,
    pub districts_title: &'static str,
    pub no_district: &'static str,
    pub villages_title: &'static str,
    pub nothing_counted: &'static str,

    pub scorecard_title: &'static str,
    pub scorecard_hint: &'static str,
    pub agency: &'static str,
    pub assignments: &'static str,
    pub acknowledgement: &'static str,
    pub arrival: &'static str,
    pub completion: &'static str,
    pub median: &'static str,
    pub p90: &'static str,
    pub on_time: &'static str,
    pub declined: &'static str,
    pub backlog: &'static str,
    pub oldest_open: &'static str,
    pub delays: &'static str,
    pub seconds_short: &'static str,
    pub show_late: &'static str,
    pub late_title: &'static str,
    pub late_none: &'static str,
    pub late_truncated: &'static str,
    /// A clock past its target whose step has not come yet.
    pub still_late: &'static str,
    pub late_by: &'static str,
    /// After how many stored items answered ("dari 62 butir data").
    pub items_read: &'static str,
}

pub const ID: DashboardTexts = DashboardTexts {
    range: "Rentang",
    from: "Dari",
    to: "Sampai",
    filters: "Saring",
    all_categories: "Semua kategori",
    all_districts: "Semua kecamatan",
    all_agencies: "Semua instansi",
    all_priorities: "Semua prioritas",
    previous: "sebelumnya",
    compared_with: "Dibandingkan dengan",

    calls: "Panggilan",
    incidents: "Kejadian",
    verified: "Terverifikasi",
    dispatched: "Diteruskan",
    resolved: "Tertangani",
    closed_false: "Laporan palsu",

    funnel_title: "Dari panggilan sampai tertangani",
    outcomes_title: "Hasil panggilan",
    calls_per_day_title: "Panggilan per hari",
    calls_per_month_title: "Panggilan per bulan",
    heatmap_title: "Panggilan menurut hari dan jam",
    weekdays: ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"],
    sla_title: "Kepatuhan SLA per instansi",
    categories_title: "Kejadian per kategori",
    districts_title: "Kejadian per kecamatan",
    no_district: "tanpa kecamatan",
    villages_title: "Desa/kelurahan terbanyak",
    nothing_counted: "Belum ada yang tercatat pada rentang ini.",

    scorecard_title: "Kinerja instansi",
    scorecard_hint: "Yang paling jarang tepat waktu di atas. Ketuk judul kolom untuk mengurutkan.",
    agency: "Instansi",
    assignments: "Penugasan",
    acknowledgement: "Respons",
    arrival: "Tiba",
    completion: "Selesai",
    median: "median",
    p90: "p90",
    on_time: "tepat waktu",
    declined: "Ditolak",
    backlog: "Belum selesai",
    oldest_open: "tertua sejak",
    delays: "Alasan terlambat",
    seconds_short: "dtk",
    show_late: "Yang terlambat",
    late_title: "Penugasan yang terlambat",
    late_none: "Tidak ada penugasan yang terlambat pada rentang ini.",
    late_truncated: "Hanya yang terbaru ditampilkan.",
    still_late: "belum tercapai",
    late_by: "terlambat",
    items_read: "butir data dibaca",
};

pub const EN: DashboardTexts = DashboardTexts {
    range: "Range",
    from: "From",
    to: "To",
    filters: "Filter",
    all_categories: "All categories",
    all_districts: "All districts",
    all_agencies: "All agencies",
    all_priorities: "All priorities",
    previous: "before",
    compared_with: "Compared with",

    calls: "Calls",
    incidents: "Incidents",
    verified: "Verified",
    dispatched: "Dispatched",
    resolved: "Resolved",
    closed_false: "False reports",

    funnel_title: "From call to resolved",
    outcomes_title: "How calls ended",
    calls_per_day_title: "Calls per day",
    calls_per_month_title: "Calls per month",
    heatmap_title: "Calls by weekday and hour",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    sla_title: "SLA compliance per agency",
    categories_title: "Incidents by category",
    districts_title: "Incidents by district",
    no_district: "no district",
    villages_title: "Busiest villages",
    nothing_counted: "Nothing was counted in this range.",

    scorecard_title: "Agency scorecard",
    scorecard_hint: "Least often on time first. Tap a column's heading to sort by it.",
    agency: "Agency",
    assignments: "Assignments",
    acknowledgement: "Acknowledged",
    arrival: "Arrived",
    completion: "Completed",
    median: "median",
    p90: "p90",
    on_time: "on time",
    declined: "Declined",
    backlog: "Open",
    oldest_open: "oldest since",
    delays: "Delay reasons",
    seconds_short: "s",
    show_late: "Late work",
    late_title: "Late assignments",
    late_none: "No assignment was late in this range.",
    late_truncated: "Only the newest are shown.",
    still_late: "not reached yet",
    late_by: "late by",
    items_read: "stored items read",
};

impl super::Texts {
    pub fn dashboard(&self) -> &'static DashboardTexts {
        match self.lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    /// A time a step took, to the unit that matters: "45 dtk", "12 mnt", "2 jam 5 mnt".
    pub fn took(&self, seconds: i64) -> String {
        match seconds {
            s if s < 60 => format!("{s} {}", self.dashboard().seconds_short),
            s if s < 3600 => format!("{} {}", s / 60, self.minutes_short),
            s if s % 3600 < 60 => format!("{} {}", s / 3600, self.hours_short),
            s => format!("{} {} {} {}", s / 3600, self.hours_short, s % 3600 / 60, self.minutes_short),
        }
    }
}
