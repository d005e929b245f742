# The emails a subject receives. Each has a subject line, a text body and an HTML body that
# share these sentences. { $kind } is what was asked for (the texts kind-… of pages.ftl).

email-hello = Hello,
email-button-fallback = Or paste this link into your browser:
email-company-contact = { $company }, { $contact }
email-questions = Questions? Write to { $contact }
email-complain = You have the right to lodge a complaint with a supervisory authority and to seek a judicial remedy (GDPR Art. 12(4), 77 and 79).
email-wrong = If you think we got something wrong, reply to this email. You also have the right to lodge a complaint with a supervisory authority: { $authority }
email-authority-default = the data protection authority where you live or work.
email-keep-link = Keep this link to yourself: anyone who has it can see the status of your request.
email-new-request = You can make a new request at any time: { $link }
email-reason = Why:
email-footer-unasked = You receive this because someone entered this address on our privacy portal. If it was not you, ignore this message: nothing happens without a confirmation.
email-footer-confirmed = You receive this because of a confirmed privacy request for this address.
email-footer-about = You receive this about a confirmed privacy request for this address.
email-footer-answer = This is our answer to the confirmed request for this address. Keep it for your records.
email-footer-erasure = This is our answer to the confirmed erasure request for this address. Keep it for your records.

## Confirm your address

verify-subject = Confirm your privacy request
verify-again = You already have an open request for { $kind }. Here is a fresh link to confirm it.
verify-received = We received a request for { $kind }.
verify-how-text = To confirm that this address is yours, open this link and press “{ verify-submit }”:
verify-how-html = To confirm that this address is yours, open the link below and press “{ verify-submit }”.
verify-button = Open the confirmation page
verify-expires = The link works once and expires on { $expires }.
reminder-subject = Reminder: confirm your privacy request
reminder-heading = Please confirm your request
reminder-asked = You asked for { $kind } but have not confirmed the request yet.
reminder-expires = The request expires on { $expires } if it is not confirmed. This is the only reminder.

## Confirmed, or already open

confirmed-subject = Your privacy request is confirmed
confirmed-heading = Your request is confirmed
confirmed-thanks = Thank you: your request for { $kind } is confirmed.
confirmed-due = We will answer by { $due } at the latest.
confirmed-follow = Follow its progress, or cancel it while that is still possible, here:
email-see-request = See your request
existing-subject = You already have an open privacy request
existing-heading = Your request is already open
existing-again = You asked again for { $kind }, but a request for it is already open, so we did not open a second one.
existing-late = It was due by { $due }: we are late, and answer it as soon as we can.
existing-due = It is answered by { $due } at the latest.
existing-follow = Follow it here:
existing-footer = You receive this because someone asked again, from this address, for a request that is already open. Nothing new was started.

## Declined, or more time

rejected-subject = Your privacy request was declined
rejected-heading = Your request was declined
rejected-reason = We have declined your request for { $kind }, for this reason:
extended-subject = Your privacy request: we need more time
extended-heading = We need more time
extended-reason = We need more time to answer your request for { $kind }, for this reason:
extended-law = The law allows one extension when a request is complex or we receive many ({ $basis }). We will answer by { $extended } at the latest, instead of { $due }.
# The law that allows the extension, as $basis above.
basis-gdpr = GDPR Art. 12(3)
basis-uk = UK GDPR Art. 12(3)
basis-ccpa = CCPA, Cal. Civ. Code §1798.130(a)(2)

## The archive is ready

ready-subject = Your answer is ready to download
ready-heading = Your answer is ready
ready-intro = Our answer to your request for a copy of your data is ready: an archive of the personal data we hold about you (if we hold none, it says so).
ready-download = Download it here:
ready-button = Download my data
ready-until = The link works until { $expires }.
ready-covers = The archive covers these systems: { $stores }.
ready-readme = It contains a README.html that explains what is in it, and your rights.
ready-keep = Keep this link to yourself: anyone who has it can download your data.
ready-footer = You receive this because of a confirmed request for a copy of the data we hold about this address.

## The erasure is done

erased-subject-nothing = Your erasure request: we found no personal data to erase
erased-subject-all-kept = Your erasure request: what we found, the law makes us keep for now
erased-subject-some-kept = Your personal data has been erased, except records the law makes us keep
erased-subject-asked = Your erasure request: we asked our partners to erase your data
erased-subject-done = Your personal data has been erased
erased-heading-nothing = We found no personal data to erase
erased-heading-all-kept = What we found, the law makes us keep for now
erased-heading-some-kept = Your data has been erased, except what we must keep
erased-heading-asked = We asked our partners to erase your data
erased-heading-done = Your data has been erased
erased-finished = We have finished your erasure request.
erased-nothing = We searched every system where we keep personal data and found nothing linked to this address, so there was nothing to erase.
erased-what = What we erased
erased-kept = What we must keep for now, and why
erased-kept-why = The law requires us to keep some records (GDPR Art. 17(3)). We use them only for that reason and delete them when the period ends.
erased-kept-until = Kept until { $until }, then deleted.
erased-kept-between = Each record is kept until its own date, between { $first } and { $last }, then deleted.
erased-partners = Partners we asked
erased-partners-why = These partners may hold some of your data in their own systems. We asked them to erase it, and they have answered us:
erased-told = Who else we told
erased-told-why = We told the other recipients of your data about the erasure (GDPR Art. 19):
# One place's line: "Shop — Orders: 3 records deleted".
erased-line-deleted = { $place }: { $count ->
    [one] { $count } record deleted
   *[other] { $count } records deleted
}
erased-line-masked = { $place }: your personal details removed from { $count ->
    [one] { $count } record
   *[other] { $count } records
} (what remains no longer identifies you)
erased-line-redacted = { $place }: your customer record's personal details removed
erased-line-erased = { $place }: { $count ->
    [one] { $count } record erased
   *[other] { $count } records erased
}
# What is kept: "Billing — Invoices (2 records)".
kept-what = { $place } ({ $count ->
    [one] { $count } record
   *[other] { $count } records
})

## Correction, restriction, objection done

rights-subject-corrected = Your personal data has been corrected
rights-subject-nothing-to-correct = Your correction request: we found no records to correct
rights-subject-restricted = We have restricted the processing of your personal data
rights-subject-nothing-to-restrict = Your restriction request: we found no records to restrict
rights-subject-optout = We will not sell or share your personal information
rights-subject-marketing = We have stopped using your data for direct marketing
rights-subject-objection = We have accepted your objection
rights-corrected = We have finished your request to correct your personal data.
rights-corrected-fields = We have finished your request to correct your personal data ({ $fields }).
rights-nothing-to-correct = We searched every system where these details are kept and found no record linked to this address, so there was nothing to correct.
rights-restricted = We have finished your request to restrict the processing of your personal data.
rights-nothing-to-restrict = We searched every system where we keep personal data and found no record linked to this address, so there was nothing to restrict.
rights-restricted-means = From now on we only store it: we don't use it in any other way without your consent, except to establish, exercise or defend legal claims, to protect another person's rights, or for an important public interest (GDPR Art. 18(2)). The restriction stays in force until we lift it, and we will email you before we do (Art. 18(3)).
rights-optout = We have recorded your request: we will not sell or share your personal information from now on (CCPA §1798.120).
rights-marketing = We have recorded your objection: we no longer use your personal data for direct marketing (GDPR Art. 21(3)).
rights-objection = We have accepted your objection: we no longer process your personal data for the purposes you objected to (GDPR Art. 21(1)).
rights-where-corrected = Where we corrected it
rights-where-recorded = Where we recorded it
rights-told = We told the partners and other recipients of your data (GDPR Art. 19):
# One place's line: "Account — Users: 1 record".
rights-place = { $place }: { $count ->
    [one] { $count } record
   *[other] { $count } records
}

## Before a restriction is lifted

lifting-subject = We are lifting the restriction on your personal data
lifting-intro = You asked us to restrict the processing of your personal data, and we did. We are now lifting that restriction, and we tell you first, as GDPR Art. 18(3) requires.
lifting-after = Once it is lifted, we process your data again as we did before the restriction.
lifting-follow-text = You can follow your request here:
lifting-follow-link = Follow your request on its status page.
lifting-disagree = If you disagree, reply to this email. You also have the right to lodge a complaint with a supervisory authority: { $authority }
lifting-footer = This is about the restriction this address asked for.
