//! Why an export could not be shown, in words for the error banner.

use chitieu_core::load::LoadError;
use chitieu_core::text::Lang;

/// Why an export could not be shown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AppError {
    #[error("network: {url}: {reason}")]
    Network { url: String, reason: String },
    #[error("http: {url}: {status}")]
    Http { url: String, status: u16 },
    #[error("index: {reason}")]
    Index { reason: String },
    #[error("cross-origin: {url}")]
    CrossOrigin { url: String },
    #[error("unknown dataset: {id}")]
    UnknownDataset { id: String },
    #[error("invalid: {0}")]
    Invalid(LoadError),
}

impl AppError {
    /// What went wrong, one line per problem, in the interface's language.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let line = match self {
            AppError::Network { url, reason } => lang.pick(
                format!("Không tải được {url}: {reason}"),
                format!("Could not load {url}: {reason}"),
            ),
            AppError::Http { url, status } => lang.pick(
                format!("Không tải được {url}: máy chủ trả về mã {status}"),
                format!("Could not load {url}: the server answered {status}"),
            ),
            AppError::Index { reason } => lang.pick(
                format!("Danh mục dữ liệu data/index.json không hợp lệ: {reason}"),
                format!("The data index data/index.json is invalid: {reason}"),
            ),
            AppError::CrossOrigin { url } => lang.pick(
                format!(
                    "Không mở dữ liệu từ {url}: chỉ nhận dữ liệu cùng nguồn với trang này hoặc từ nguồn được khai trong data/config.json, để không ai hiển thị được số liệu giả dưới tên trang"
                ),
                format!(
                    "Not loading data from {url}: only data from this page's own origin, or an origin listed in data/config.json, is accepted, so nobody can show forged figures under this page"
                ),
            ),
            AppError::UnknownDataset { id } => lang.pick(
                format!("Không có bộ dữ liệu \"{id}\""),
                format!("There is no dataset \"{id}\""),
            ),
            AppError::Invalid(e) => {
                return e.render(lang).lines().map(str::to_string).collect();
            }
        };
        vec![line]
    }

    /// The file or address concerned.
    pub fn subject(&self) -> String {
        match self {
            AppError::Network { url, .. }
            | AppError::Http { url, .. }
            | AppError::CrossOrigin { url } => url.clone(),
            AppError::Index { .. } => "data/index.json".into(),
            AppError::UnknownDataset { id } => id.clone(),
            AppError::Invalid(e) => e.file.clone(),
        }
    }
}
