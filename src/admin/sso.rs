//! Who single sign-on lets in, and with which role: the rules, free of the protocol. The
//! identity comes from an ID token whose signature, issuer, audience, expiry and nonce were
//! checked already (`crate::sso`).

use super::Role;
use crate::domain::EmailAddress;

/// What the identity provider says about the person signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The token's `iss`.
    pub issuer: String,
    /// The provider's `sub`.
    pub subject: String,
    pub email: Option<String>,
    /// `email_verified`, when the provider sends it.
    pub email_verified: Option<bool>,
    /// The values of the role claim (a string, or each string of an array).
    pub roles: Vec<String>,
}

impl Identity {
    /// The person, for good: `<issuer> <sub>` (an email address can be reassigned).
    pub fn binding(&self) -> String {
        format!("{} {}", self.issuer, self.subject)
    }
}

/// The account that has the identity's email address, as far as admitting goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub role: Role,
    /// It logs in with a password and a code (single sign-on may not take it over).
    pub has_password: bool,
    /// The person single sign-on bound it to (`Identity::binding`), if any yet.
    pub subject: Option<String>,
    /// Its role comes from the role claim (else from an operator).
    pub role_from_claim: bool,
}

/// Why a verified identity may still not use the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No usable email address in the ID token (none, malformed, or not plain ASCII).
    NoEmail,
    /// The provider does not say the address is verified.
    EmailUnverified,
    /// No account, and the address's domain is not in `allowed_domains`.
    Domain,
    /// No desk role: a new account without one in the claim, or an account whose role
    /// comes from the claim and the claim names none any more.
    NoRole,
    /// The account logs in with its password and code: an operator must switch it to single
    /// sign-on first (`admin use-sso`).
    LocalAccount,
    /// The account is bound to another person at the provider (the address was reassigned,
    /// or another principal asserts it).
    OtherPerson,
}

impl Refusal {
    /// The reason as the audit log records it.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::NoEmail => "sso_no_email",
            Refusal::EmailUnverified => "sso_email_unverified",
            Refusal::Domain => "sso_domain",
            Refusal::NoRole => "sso_no_role",
            Refusal::LocalAccount => "sso_local_account",
            Refusal::OtherPerson => "sso_other_person",
        }
    }
}

/// Who is let in, and what changes on the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    pub email: EmailAddress,
    /// The role the account has after this sign-in.
    pub role: Role,
    /// Whether the role comes from the claim after this sign-in.
    pub role_from_claim: bool,
    /// Whether the account is made now (first sign-in of an allowed domain).
    pub create: bool,
    /// Whether the account is bound to this person now (its first single sign-on).
    pub bind: bool,
}

/// The desk role the claim names: `dpo` wins over `viewer` when both are there; values that
/// aren't desk roles are ignored (a groups claim carries other groups too).
pub fn role_of(values: &[String]) -> Option<Role> {
    let named: Vec<Role> = values.iter().filter_map(|v| v.parse().ok()).collect();
    [Role::Dpo, Role::Viewer]
        .into_iter()
        .find(|r| named.contains(r))
}

/// Decides a sign-in. `account` is the account with the identity's email, if there is one.
///
/// - The address must be verified (`email_verified: true`; with `trust_unverified` an
///   absent claim is taken as verified, for providers that never send it) and plain ASCII
///   (so no Unicode look-alike lower-cases into someone else's address).
/// - An existing account gets in whatever its domain (it was invited), if it has no password
///   (single sign-on does not take over a password account) and is bound to nobody or to
///   this very person. The claim, when it names a role, sets the role from then on; once
///   the claim decides, a claim naming no role is refused.
/// - A new address needs an allowed domain and a role from the claim.
pub fn admit(
    identity: &Identity,
    account: Option<&Account>,
    allowed_domains: &[String],
    trust_unverified: bool,
) -> Result<Admission, Refusal> {
    match identity.email_verified {
        Some(true) => {}
        None if trust_unverified => {}
        _ => return Err(Refusal::EmailUnverified),
    }
    let email = identity
        .email
        .as_deref()
        .filter(|e| e.is_ascii())
        .and_then(|e| EmailAddress::parse(e).ok())
        .ok_or(Refusal::NoEmail)?;
    let claimed = role_of(&identity.roles);
    if let Some(a) = account {
        if a.has_password {
            return Err(Refusal::LocalAccount);
        }
        if a.subject.as_ref().is_some_and(|s| *s != identity.binding()) {
            return Err(Refusal::OtherPerson);
        }
        let (role, role_from_claim) = match claimed {
            Some(r) => (r, true),
            None if a.role_from_claim => return Err(Refusal::NoRole),
            None => (a.role, false),
        };
        return Ok(Admission {
            email,
            role,
            role_from_claim,
            create: false,
            bind: a.subject.is_none(),
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
        role_from_claim: true,
        create: true,
        bind: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(email: &str, roles: &[&str]) -> Identity {
        Identity {
            issuer: "https://idp.example.com".into(),
            subject: "s1".into(),
            email: Some(email.into()),
            email_verified: Some(true),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn domains() -> Vec<String> {
        vec!["example.com".into()]
    }

    fn invited(role: Role) -> Account {
        Account {
            role,
            has_password: false,
            subject: None,
            role_from_claim: false,
        }
    }

    #[test]
    fn a_new_person_of_an_allowed_domain_gets_the_claimed_role() {
        let a = admit(
            &who("Alice@Example.com", &["viewer"]),
            None,
            &domains(),
            false,
        )
        .unwrap();
        assert_eq!(a.email.as_str(), "alice@example.com");
        assert_eq!(
            (a.role, a.create, a.bind, a.role_from_claim),
            (Role::Viewer, true, true, true)
        );
    }

    #[test]
    fn a_subdomain_or_a_lookalike_is_not_the_domain() {
        for email in [
            "a@mail.example.com",
            "a@example.com.evil.org",
            "a@notexample.com",
        ] {
            assert_eq!(
                admit(&who(email, &["dpo"]), None, &domains(), false),
                Err(Refusal::Domain),
                "{email}"
            );
        }
    }

    #[test]
    fn a_unicode_lookalike_address_is_refused() {
        // U+212A KELVIN SIGN lower-cases to an ASCII k.
        let i = who("\u{212A}im@example.com", &["dpo"]);
        assert_eq!(
            admit(&i, Some(&invited(Role::Dpo)), &domains(), false),
            Err(Refusal::NoEmail)
        );
    }

    #[test]
    fn a_new_person_needs_a_role() {
        assert_eq!(
            admit(
                &who("a@example.com", &["staff", "admins"]),
                None,
                &domains(),
                false
            ),
            Err(Refusal::NoRole)
        );
    }

    #[test]
    fn an_invited_account_gets_in_from_any_domain_and_the_claim_takes_over_its_role() {
        let a = admit(
            &who("bob@partner.org", &[]),
            Some(&invited(Role::Dpo)),
            &domains(),
            false,
        )
        .unwrap();
        assert_eq!(
            (a.role, a.create, a.bind, a.role_from_claim),
            (Role::Dpo, false, true, false)
        );
        let b = admit(
            &who("bob@partner.org", &["viewer"]),
            Some(&invited(Role::Dpo)),
            &[],
            false,
        )
        .unwrap();
        assert_eq!(
            (b.role, b.role_from_claim),
            (Role::Viewer, true),
            "the claim sets the role"
        );
        let managed = Account {
            role_from_claim: true,
            subject: Some(who("", &[]).binding()),
            ..invited(Role::Dpo)
        };
        assert_eq!(
            admit(
                &who("bob@partner.org", &["staff"]),
                Some(&managed),
                &[],
                false
            ),
            Err(Refusal::NoRole),
            "out of the provider's desk groups, out of the desk"
        );
    }

    #[test]
    fn a_password_account_or_another_person_is_not_taken_over() {
        let local = Account {
            has_password: true,
            ..invited(Role::Dpo)
        };
        assert_eq!(
            admit(
                &who("dpo@example.com", &["dpo"]),
                Some(&local),
                &domains(),
                false
            ),
            Err(Refusal::LocalAccount)
        );
        let bound = Account {
            subject: Some("https://idp.example.com s0".into()),
            ..invited(Role::Dpo)
        };
        assert_eq!(
            admit(
                &who("dpo@example.com", &["dpo"]),
                Some(&bound),
                &domains(),
                false
            ),
            Err(Refusal::OtherPerson)
        );
        let same = Account {
            subject: Some(who("", &[]).binding()),
            ..invited(Role::Dpo)
        };
        let a = admit(
            &who("dpo@example.com", &["dpo"]),
            Some(&same),
            &domains(),
            false,
        )
        .unwrap();
        assert!(!a.bind);
    }

    #[test]
    fn unverified_or_missing_addresses_are_refused() {
        let mut i = who("a@example.com", &["dpo"]);
        i.email_verified = Some(false);
        let acct = invited(Role::Dpo);
        assert_eq!(
            admit(&i, Some(&acct), &domains(), true),
            Err(Refusal::EmailUnverified)
        );
        i.email_verified = None;
        assert_eq!(
            admit(&i, Some(&acct), &domains(), false),
            Err(Refusal::EmailUnverified)
        );
        assert!(
            admit(&i, Some(&acct), &domains(), true).is_ok(),
            "trusted when configured"
        );
        i.email = None;
        assert_eq!(
            admit(&i, Some(&acct), &domains(), true),
            Err(Refusal::NoEmail)
        );
        i.email = Some("not an address".into());
        assert_eq!(admit(&i, None, &domains(), true), Err(Refusal::NoEmail));
    }

    #[test]
    fn dpo_wins_when_the_claim_names_both() {
        assert_eq!(role_of(&["viewer".into(), "dpo".into()]), Some(Role::Dpo));
        assert_eq!(role_of(&["DPO".into()]), None, "roles are exact");
    }
}
