//! Who single sign-on lets in, and with which role: the rules, free of the protocol. The
//! identity comes from an ID token whose signature, issuer, audience, expiry and nonce were
//! checked already (`crate::sso`).

use super::Role;
use crate::domain::EmailAddress;

/// What the identity provider says about the person signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The provider's `sub`.
    pub subject: String,
    pub email: Option<String>,
    /// `email_verified`, when the provider sends it.
    pub email_verified: Option<bool>,
    /// The values of the role claim (a string, or each string of an array).
    pub roles: Vec<String>,
}

/// Why a verified identity may still not use the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No usable email address in the ID token.
    NoEmail,
    /// The provider says the address is not verified.
    EmailUnverified,
    /// No account, and the address's domain is not in `allowed_domains`.
    Domain,
    /// No account, and no desk role in the role claim.
    NoRole,
}

impl Refusal {
    /// The reason as the audit log records it.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::NoEmail => "sso_no_email",
            Refusal::EmailUnverified => "sso_email_unverified",
            Refusal::Domain => "sso_domain",
            Refusal::NoRole => "sso_no_role",
        }
    }
}

/// Who is let in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    pub email: EmailAddress,
    /// The role the account has after this sign-in.
    pub role: Role,
    /// Whether the account is made now (first sign-in of an allowed domain).
    pub create: bool,
}

/// The desk role the claim names: `dpo` wins over `viewer` when both are there; values that
/// aren't desk roles are ignored (a groups claim carries other groups too).
pub fn role_of(values: &[String]) -> Option<Role> {
    let named: Vec<Role> = values.iter().filter_map(|v| v.parse().ok()).collect();
    [Role::Dpo, Role::Viewer]
        .into_iter()
        .find(|r| named.contains(r))
}

/// Decides a sign-in. `account_role` is the role of the account with the identity's email,
/// if there is one. An existing account gets in whatever its domain (it was invited); the
/// role claim, when it names a role, sets the account's role. A new account needs an
/// allowed domain and a role from the claim.
pub fn admit(
    identity: &Identity,
    account_role: Option<Role>,
    allowed_domains: &[String],
) -> Result<Admission, Refusal> {
    if identity.email_verified == Some(false) {
        return Err(Refusal::EmailUnverified);
    }
    let email = identity
        .email
        .as_deref()
        .and_then(|e| EmailAddress::parse(e).ok())
        .ok_or(Refusal::NoEmail)?;
    let claimed = role_of(&identity.roles);
    if let Some(role) = account_role {
        return Ok(Admission {
            email,
            role: claimed.unwrap_or(role),
            create: false,
        });
    }
    let domain = email.as_str().rsplit('@').next().unwrap_or_default();
    if !allowed_domains.iter().any(|d| d == domain) {
        return Err(Refusal::Domain);
    }
    let role = claimed.ok_or(Refusal::NoRole)?;
    Ok(Admission {
        email,
        role,
        create: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(email: &str, roles: &[&str]) -> Identity {
        Identity {
            subject: "s1".into(),
            email: Some(email.into()),
            email_verified: Some(true),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn domains() -> Vec<String> {
        vec!["example.com".into()]
    }

    #[test]
    fn a_new_person_of_an_allowed_domain_gets_the_claimed_role() {
        let a = admit(&who("Alice@Example.com", &["viewer"]), None, &domains()).unwrap();
        assert_eq!(a.email.as_str(), "alice@example.com");
        assert_eq!(a.role, Role::Viewer);
        assert!(a.create);
    }

    #[test]
    fn a_subdomain_or_a_lookalike_is_not_the_domain() {
        for email in [
            "a@mail.example.com",
            "a@example.com.evil.org",
            "a@notexample.com",
        ] {
            assert_eq!(
                admit(&who(email, &["dpo"]), None, &domains()),
                Err(Refusal::Domain),
                "{email}"
            );
        }
    }

    #[test]
    fn a_new_person_needs_a_role() {
        assert_eq!(
            admit(
                &who("a@example.com", &["staff", "admins"]),
                None,
                &domains()
            ),
            Err(Refusal::NoRole)
        );
    }

    #[test]
    fn an_invited_account_gets_in_from_any_domain_and_keeps_its_role_without_a_claim() {
        let a = admit(&who("bob@partner.org", &[]), Some(Role::Dpo), &domains()).unwrap();
        assert_eq!((a.role, a.create), (Role::Dpo, false));
        let b = admit(&who("bob@partner.org", &["viewer"]), Some(Role::Dpo), &[]).unwrap();
        assert_eq!(b.role, Role::Viewer, "the claim sets the role");
    }

    #[test]
    fn unverified_or_missing_addresses_are_refused() {
        let mut i = who("a@example.com", &["dpo"]);
        i.email_verified = Some(false);
        assert_eq!(
            admit(&i, Some(Role::Dpo), &domains()),
            Err(Refusal::EmailUnverified)
        );
        i.email_verified = None;
        i.email = None;
        assert_eq!(
            admit(&i, Some(Role::Dpo), &domains()),
            Err(Refusal::NoEmail)
        );
        i.email = Some("not an address".into());
        assert_eq!(admit(&i, None, &domains()), Err(Refusal::NoEmail));
    }

    #[test]
    fn dpo_wins_when_the_claim_names_both() {
        assert_eq!(role_of(&["viewer".into(), "dpo".into()]), Some(Role::Dpo));
        assert_eq!(role_of(&["DPO".into()]), None, "roles are exact");
    }
}
