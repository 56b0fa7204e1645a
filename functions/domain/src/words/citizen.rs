//! The public's words: how a report came in, the steps of its handling as the tracking page shows
//! them, and every label of the public pages (report, ticket, rating).

use crate::Lang;
use crate::citizen::{Channel, CitizenError, PublicEnding, PublicStep};

impl Channel {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Call => lang.pick("Telepon 112", "112 call"),
            Self::Online => lang.pick("Laporan online", "Online report"),
        }
    }
}

impl PublicStep {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Received => lang.pick("Laporan diterima", "Report received"),
            Self::Verified => lang.pick("Laporan diperiksa dan benar", "Report checked and confirmed"),
            Self::Dispatched => lang.pick("Diteruskan ke instansi", "Passed to the agencies"),
            Self::OnTheWay => lang.pick("Petugas dalam perjalanan", "Officers on the way"),
            Self::OnScene => lang.pick("Petugas di lokasi", "Officers on scene"),
            Self::Done => lang.pick("Selesai ditangani", "Handled"),
        }
    }
}

impl PublicEnding {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::NotConfirmed => {
                lang.pick("Sudah diperiksa: tidak ada yang perlu ditangani.", "Checked: nothing needed handling.")
            }
            Self::Cancelled => lang.pick("Penanganan dibatalkan.", "The handling was cancelled."),
            Self::Merged => lang.pick(
                "Ditangani bersama laporan lain tentang kejadian yang sama.",
                "Handled together with another report of the same event.",
            ),
        }
    }
}

impl CitizenError {
    pub const fn message(&self, lang: Lang) -> &'static str {
        match self {
            Self::NotYetDone => lang.pick(
                "Penilaian dapat diberikan setelah laporan selesai ditangani.",
                "The handling can be rated once it is done.",
            ),
            Self::AlreadyRated => lang.pick("Tiket ini sudah dinilai.", "This ticket has been rated already."),
            Self::AlreadyTicketed => {
                lang.pick("Kejadian ini sudah punya tiket.", "This incident has a ticket already.")
            }
            Self::AlreadyComplained => lang.pick(
                "Anda sudah menyatakan masalah ini belum selesai; petugas sedang menindaklanjuti.",
                "You have said already that the problem is not solved; the center is following it up.",
            ),
            Self::NoPhoneToMessage => lang.pick(
                "Pelapor tidak meninggalkan nomor HP untuk dikirimi pesan.",
                "The caller left no phone number to message.",
            ),
            Self::NoGateway => lang.pick(
                "Belum ada gateway pesan (webhook) untuk mengirim tiket; sampaikan kodenya lewat telepon.",
                "There is no message gateway (webhook) to send the ticket; give the code over the phone.",
            ),
            Self::TooLateToComplain => lang.pick(
                "Sudah lewat 7 hari sejak selesai ditangani. Telepon 112 atau buat laporan baru.",
                "More than 7 days have passed since it was done. Call 112 or send a new report.",
            ),
        }
    }
}

/// Every label of the public pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicWord {
    ReportTitle,
    EmergencyCall,
    Category,
    ChooseCategory,
    Description,
    DescriptionHint,
    District,
    Village,
    ChooseDistrict,
    ChooseVillage,
    Landmark,
    UsePosition,
    PositionTaken,
    PositionFailed,
    Photo,
    PhotoHint,
    Phone,
    PhoneHint,
    Name,
    Optional,
    Honeypot,
    Send,
    Sending,
    Retrying,
    DraftKept,
    FixBelow,
    TicketTitle,
    KeepLink,
    ReportedAs,
    NotYet,
    RateQuestion,
    StarsOutOf,
    Comment,
    SendRating,
    RatedThanks,
    NotSolvedQuestion,
    NotSolvedHint,
    SendNotSolved,
    NotSolvedTaken,
    CenterAnswer,
    Reopened,
    NotFoundTitle,
    NotFoundText,
    TooManyTitle,
    TooManyText,
    RefusedTitle,
    NotAForm,
    TooLarge,
    TroubleTitle,
    Back,
    OtherLanguage,
}

impl PublicWord {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::ReportTitle => lang.pick("Lapor ke 112", "Report to 112"),
            Self::EmergencyCall => lang.pick(
                "Nyawa terancam? Jangan menunggu: telepon 112 sekarang.",
                "A life at risk? Do not wait: call 112 now.",
            ),
            Self::Category => lang.pick("Apa yang terjadi?", "What happened?"),
            Self::ChooseCategory => lang.pick("Pilih jenis kejadian", "Choose what happened"),
            Self::Description => lang.pick("Ceritakan singkat", "Describe it briefly"),
            Self::DescriptionHint => lang.pick(
                "Apa yang Anda lihat, sejak kapan, siapa terdampak.",
                "What you see, since when, who is affected.",
            ),
            Self::District => lang.pick("Kecamatan", "District"),
            Self::Village => lang.pick("Desa/kelurahan", "Village"),
            Self::ChooseDistrict => lang.pick("Pilih kecamatan", "Choose the district"),
            Self::ChooseVillage => lang.pick("Pilih desa/kelurahan", "Choose the village"),
            Self::Landmark => {
                lang.pick("Patokan (mis. depan masjid, nama jalan)", "Landmark (e.g. a mosque, a street)")
            }
            Self::UsePosition => lang.pick("Pakai lokasi saya", "Use my location"),
            Self::PositionTaken => lang.pick("Lokasi Anda ikut terkirim.", "Your location will be sent."),
            Self::PositionFailed => {
                lang.pick("Lokasi tidak terbaca; isi patokan saja.", "No location; give a landmark.")
            }
            Self::Photo => lang.pick("Foto", "Photo"),
            Self::PhotoHint => lang.pick("JPEG, PNG atau WebP.", "JPEG, PNG or WebP."),
            Self::Phone => lang.pick("Nomor HP", "Phone number"),
            Self::PhoneHint => {
                lang.pick("Untuk dihubungi balik oleh petugas.", "So that the center can call you back.")
            }
            Self::Name => lang.pick("Nama", "Name"),
            Self::Optional => lang.pick("boleh dikosongkan", "optional"),
            Self::Honeypot => lang.pick("Jangan isi kolom ini", "Leave this empty"),
            Self::Send => lang.pick("Kirim laporan", "Send the report"),
            Self::Sending => lang.pick("Mengirim…", "Sending…"),
            Self::Retrying => lang.pick(
                "Koneksi terputus. Laporan Anda tersimpan di HP ini dan dikirim ulang otomatis…",
                "The connection dropped. Your report is kept on this phone and sent again…",
            ),
            Self::DraftKept => lang.pick("Isian sebelumnya dipulihkan.", "What you typed before is back."),
            Self::FixBelow => lang.pick("Periksa isian yang ditandai.", "Check the marked fields."),
            Self::TicketTitle => lang.pick("Tiket", "Ticket"),
            Self::KeepLink => lang.pick(
                "Simpan tautan halaman ini untuk mengikuti laporan Anda.",
                "Keep this page's link to follow your report.",
            ),
            Self::ReportedAs => lang.pick("Dilaporkan", "Reported"),
            Self::NotYet => lang.pick("belum", "not yet"),
            Self::RateQuestion => lang.pick("Bagaimana penanganannya?", "How was it handled?"),
            Self::StarsOutOf => lang.pick("dari 5 bintang", "out of 5 stars"),
            Self::Comment => lang.pick("Komentar", "Comment"),
            Self::SendRating => lang.pick("Kirim penilaian", "Send the rating"),
            Self::RatedThanks => lang.pick("Terima kasih atas penilaian Anda:", "Thank you for your rating:"),
            Self::NotSolvedQuestion => lang.pick("Masalahnya belum selesai?", "Is the problem not solved?"),
            Self::NotSolvedHint => lang.pick(
                "Dalam 7 hari setelah selesai, beri tahu kami apa yang masih terjadi.",
                "Within 7 days of its being done, tell us what is still wrong.",
            ),
            Self::SendNotSolved => lang.pick("Laporkan belum selesai", "Say it is not solved"),
            Self::NotSolvedTaken => lang.pick(
                "Terima kasih. Pengawas pusat 112 akan membuka kembali penanganan atau menjawab Anda di sini.",
                "Thank you. The 112 center's supervisor will reopen the handling or answer you here.",
            ),
            Self::CenterAnswer => lang.pick("Jawaban pusat 112:", "The 112 center's answer:"),
            Self::Reopened => {
                lang.pick("Penanganan dibuka kembali atas laporan Anda.", "The handling was reopened on your word.")
            }
            Self::NotFoundTitle => lang.pick("Tiket tidak ditemukan", "No such ticket"),
            Self::NotFoundText => lang.pick(
                "Periksa tautannya: salin utuh dari pesan yang Anda terima.",
                "Check the link: copy it whole from the message you received.",
            ),
            Self::TooManyTitle => lang.pick("Terlalu banyak permintaan", "Too many requests"),
            Self::TooManyText => lang.pick("Coba lagi beberapa saat lagi.", "Try again in a while."),
            Self::RefusedTitle => lang.pick("Tidak dapat diterima", "Not accepted"),
            Self::NotAForm => lang.pick(
                "Yang terkirim bukan isian formulir ini. Buka formulirnya lagi dan kirim dari sana.",
                "What was sent is not this form. Open the form again and send it from there.",
            ),
            Self::TooLarge => lang.pick(
                "Kiriman terlalu besar. Pilih foto yang lebih kecil.",
                "What was sent is too large. Choose a smaller photo.",
            ),
            Self::TroubleTitle => lang.pick("Ada gangguan di sistem kami", "Our system is having trouble"),
            Self::Back => lang.pick("Kembali", "Back"),
            Self::OtherLanguage => lang.pick("English", "Bahasa Indonesia"),
        }
    }
}
