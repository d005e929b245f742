//! The states of work, each with one text mapping (the database holds the names; an unknown
//! name fails to load, never becomes a default): a store's part in a request (its progress,
//! an erasure's step), an erasure run, a queued job.

use std::fmt;

use super::request::UnknownName;

macro_rules! states {
    ($(#[$doc:meta])* $ty:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident = $name:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $ty {
            $($(#[$vdoc])* $variant),+
        }

        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| UnknownName {
                    what: $what,
                    value: s.chars().take(40).collect(),
                    expected: Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                })
            }
        }

        impl TryFrom<String> for $ty {
            type Error = UnknownName;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

states!(
    /// A store's part in a request's work: its progress row, an erasure's step.
    Step, "step state" {
        Pending = "pending",
        Running = "running",
        /// A manual store's owner has not answered yet.
        Waiting = "waiting",
        Done = "done",
        Failed = "failed",
    }
);

states!(
    /// One erasure run (a request's, a retention batch's, a replay's).
    Run, "erasure state" {
        Running = "running",
        Waiting = "waiting",
        Failed = "failed",
        Completed = "completed",
    }
);

states!(
    /// A queued job.
    Job, "job state" {
        Queued = "queued",
        Running = "running",
        Failed = "failed",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_errors() {
        for s in Step::ALL {
            assert_eq!(s.as_str().parse::<Step>(), Ok(*s));
        }
        for r in Run::ALL {
            assert_eq!(Run::try_from(r.as_str().to_owned()), Ok(*r));
        }
        assert_eq!(Job::Queued.to_string(), "queued");
        let e = "paused".parse::<Step>().unwrap_err();
        assert_eq!(e.what, "step state");
    }
}
