//! The macro that declares `Change` once, and beside it the enum the browser reads a change into (see
//! [`super::tag_first`]).

/// Declares the `Change` enum once, and beside it (for the browser, and for the tests that keep the
/// two alike) `Wire`: the same variants and fields, externally tagged, and the conversion into `Change`.
macro_rules! changes {
    (
        $(#[$meta:meta])*
        pub enum Change {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident $( { $( $(#[$field_meta:meta])* $field:ident : $ty:ty ),* $(,)? } )?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum Change {
            $( $(#[$variant_meta])* $variant $( { $( $(#[$field_meta])* $field : $ty ),* } )? ),*
        }

        /// `Change` as serde's externally tagged enum, which `tag_first` reads a change into.
        #[cfg(any(target_arch = "wasm32", test))]
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Wire {
            $( $variant $( { $( $(#[$field_meta])* $field : $ty ),* } )? ),*
        }

        #[cfg(any(target_arch = "wasm32", test))]
        impl From<Wire> for Change {
            fn from(wire: Wire) -> Self {
                match wire {
                    $( Wire::$variant $( { $( $field ),* } )? => Self::$variant $( { $( $field ),* } )? ),*
                }
            }
        }
    };
}
