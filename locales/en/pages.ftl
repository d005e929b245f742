# The subject's pages: the request form, the confirm page, the status page, the error pages.
# English is the source of every key; other languages translate each one. Values in { $… }
# are filled in by the portal; keep them. Plural forms use the language's own rules.

## Dates, times and numbers (also used by emails and README.html)

date-long = { $day } { $month } { $year }
# A time is always said with its zone.
time-long = { $date } at { $clock } UTC
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Every page

site-name = Privacy portal
site-name-company = { $company } privacy portal
site-brand-company = { $company } · Privacy
skip-to-content = Skip to content
languages-label = Language
footer-rights = Your rights include a copy of your personal data (GDPR Art. 15), taking it to another service (Art. 20) and its erasure (Art. 17).
footer-run-by = This portal is run by { $company }.
footer-contact = Questions, or rather write to us?

## The request form

index-title = Ask about your data
index-title-error = Error: Ask about your data
index-heading = Your personal data
index-lead = Ask for a copy of everything we hold about you, ask us to erase it or correct it, or tell us to stop using it. We send a confirmation link to your address first: nothing happens until you confirm.
index-email = Your email address
index-what = What would you like?
kind-access-choice = A copy of my data
kind-access-hint = A zip file with everything we hold about you (Art. 15 and 20).
kind-erasure-choice = Erase my data
kind-erasure-hint = We delete what we may; what the law makes us keep (such as invoices) is kept only as long as required (Art. 17).
kind-rectification-choice = Correct my data
kind-rectification-hint = Tell us what is wrong and what it should be (Art. 16).
kind-restriction-choice = Restrict the use of my data
kind-restriction-hint = We keep your data but don't use it while, for example, you contest its accuracy (Art. 18).
kind-objection-choice = Stop using my data
kind-objection-hint = For direct marketing, or for another purpose you object to (Art. 21).
kind-optout-choice = Do not sell or share my personal information
kind-optout-hint = We stop selling or sharing your personal information (CCPA §1798.120).
index-rectification-legend = If you ask for a correction: the correct values
index-rectification-hint = Fill in only what is wrong; leave the rest empty.
index-restriction-legend = If you ask for a restriction: why
ground-accuracy_contested = I contest the accuracy of my data
ground-unlawful_processing = The processing is unlawful, and I want it restricted rather than erased
ground-legal_claims = I need the data to establish, exercise or defend legal claims
ground-objection_pending = I have objected to the processing and await the answer
index-objection-legend = If you object: to what
scope-direct-marketing = Direct marketing (we stop as soon as you confirm)
scope-optout = The sale or sharing of my personal information
scope-other = Another use of my data, for reasons of my own situation (our privacy team weighs them; say why below)
index-note = Anything you want to add (optional; for an objection to another use, your reasons)
index-submit = Send me a confirmation link

## Form errors

error-email-empty = Enter your email address.
error-email-too-long = This address is too long: an email address has at most 254 characters.
error-email-invalid = This doesn't look like an email address. Check it has an @ and a domain, like name@example.com.
error-kind = Choose what you would like us to do.
error-ground = Choose one of the reasons listed.
error-scope = Choose one of the options listed.
error-no-change = Fill in the correct value of at least one field.
error-objection-note = Tell us why you object: your reasons, relating to your particular situation.

## After the form

sent-title = Check your inbox
sent-lead = If the address you entered is valid, we have sent it a link. Open it and press “{ verify-submit }” to start your request.
sent-expiry = { $hours ->
    [one] The link works once and expires in { $hours } hour.
   *[other] The link works once and expires in { $hours } hours.
} If you already had an open request of the same kind, the message contains a link to that one instead.
sent-nothing = Nothing arrived? Check your spam folder, or
sent-try-again = try again

## The confirm page

verify-title = Confirm your request
verify-lead = You asked for { $kind }. Press the button to confirm that the address { $email } is yours.
verify-submit = Confirm my request
verify-not-you = Didn't ask for this? Close this page: nothing happens without a confirmation.

# What was asked for, as it reads in a sentence.
kind-access = a copy of your personal data
kind-erasure = the erasure of your personal data
kind-rectification = the correction of your personal data
kind-restriction = the restriction of the processing of your personal data
kind-objection = your objection to the processing of your personal data

## The status page

status-title = Your request
status-asked = You asked for
status-state = Status
status-received = Received
status-due = Answer due by
status-reference = Reference
status-where = Where
status-records = Records
status-records-so-far = Records so far
status-progress-found = What we found
status-progress-collecting = Where we are collecting
status-progress-erasing = Where we are erasing
status-progress-changing = Where we are making the change
status-refresh = Refresh this page
status-refresh-after = to see the latest.
status-told-heading = Who else we told
status-told-lead = These recipients of your data were told of your request (GDPR Art. 19):
status-cancel-lead = Changed your mind? You can cancel while we have not started.
status-cancel = Cancel my request
status-private = Keep this page's address to yourself: anyone who has it can see this request.

# One place's line while the work runs.
step-done = done
step-failed = delayed, we are on it
step-waiting = asked a partner, waiting for their answer
step-pending = not started yet
step-collecting = collecting
step-erasing = erasing
step-unknown-count = not known

# When the answer is due: "(31 days from today)".
due-when = { $days ->
    [0] today
    [1] tomorrow
   *[other] { $days } days from today
}
# Said once the due date has passed; $then is what happens next, if anything.
due-late = { $then }Our answer was due by { $due }: we are late, and answer as soon as we can.

badge-unverified = Waiting for you
badge-review = Being reviewed
badge-scheduled = Scheduled
badge-processing = In progress
badge-failed = Delayed
badge-done = Done
badge-expired = Expired
badge-cancelled = Cancelled
badge-rejected = Declined
badge-lifted = Lifted
badge-in-force = In force

story-unverified-heading = Confirm your email address
story-unverified-said = We sent you an email with a confirmation link. Nothing happens until you open it and confirm.
story-unverified-next = Once you confirm, the legal time limit for our answer starts.
story-review-heading = We are reviewing your request
story-review-said = Your address is confirmed. Our privacy team checks each request of this kind before we start.
story-review-by = We answer by { $due } ({ $when }).
story-scheduled-heading = Your erasure is scheduled
story-scheduled-said = We start erasing your data on { $starts }. You can cancel until then.
story-scheduled-said-soon = We start erasing your data shortly. You can cancel until then.
story-scheduled-by = We email you when it is done, by { $due } ({ $when }).
story-scheduled-then = We email you when it is done.{ " " }
story-rectification-processing-heading = We are correcting your data
story-restriction-processing-heading = We are restricting the use of your data
story-objection-processing-heading = We are recording your objection
story-changing-said = We are making the change in each of our systems, and telling the partners who hold your data.
story-changing-by = We email you what we changed, and who we told, by { $due } ({ $when }).
story-changing-then = We email you what we changed, and who we told.{ " " }
story-collecting-heading = We are collecting your data
story-collecting-said = We are gathering what each of our systems holds about you into one archive.
story-collecting-by = We email you a download link when the archive is ready, by { $due } ({ $when }).
story-collecting-then = We email you a download link when the archive is ready.{ " " }
story-erasing-heading = We are erasing your data
story-erasing-said = We are erasing your data from each of our systems.
story-erasing-by = We email you what we erased, and anything the law makes us keep, by { $due } ({ $when }).
story-erasing-then = We email you what we erased, and anything the law makes us keep.{ " " }
story-failed-heading = Your request is delayed
story-failed-said = Something went wrong in one of our systems while we worked on your request, so we could not finish it yet. Our privacy team has been told; once it is fixed, we carry on. Your request is not lost.
story-failed-by = We still answer by { $due } ({ $when }).
story-ready-heading = Your answer is ready
story-ready-next = We emailed you a download link to an archive of what we found; it works until { $until }. Look for our email, also in your spam folder.
story-answered-heading = We answered your request
story-answered-next = The download link we emailed you has expired, and we delete the archive when it does. If you need another copy, make a new request.
story-searched-said = We finished searching our systems for your data on { $on }.
story-searched-said-undated = We finished searching our systems for your data.
story-erased-heading = Your erasure request is done
story-erased-said = We finished your erasure request on { $on }.
story-erased-said-undated = We finished your erasure request.
story-erased-next = We emailed you our answer: what we found and erased, anything the law makes us keep and until when, and anyone else we told. Look for our email, also in your spam folder.
story-expired-heading = This request expired
story-expired-said = The confirmation link was not opened in time, so we did nothing.
story-new-request = You can make a new request at any time.
story-cancelled-heading = This request was cancelled
story-cancelled-said = We stopped before doing anything, and will do nothing more for it.
story-rejected-heading = We declined this request
story-rejected-said = We emailed you the reason, and how to complain if you disagree.
story-changed-emailed = We emailed you what we changed where, and who else we told. Look for our email, also in your spam folder.
story-lifted-heading = The restriction has been lifted
story-lifted-said = We restricted the use of your data on { $on }, and have since lifted the restriction.
story-lifted-said-undated = We restricted the use of your data, and have since lifted the restriction.
story-lifted-next = We emailed you why before we lifted it. If you disagree, reply to that email.
story-restricted-heading = The use of your data is restricted
story-restricted-said = We restricted the use of your data on { $on }. It stays restricted until we lift it.
story-restricted-said-undated = We restricted the use of your data. It stays restricted until we lift it.
story-restricted-next = { story-changed-emailed } If we ever lift the restriction, we email you first.
story-corrected-heading = Your correction is done
story-corrected-said = We finished correcting your data on { $on }.
story-corrected-said-undated = We finished correcting your data.
story-objection-heading = Your objection is recorded
story-objection-said = We recorded your objection on { $on }; it applies from then on.
story-objection-said-undated = We recorded your objection; it applies from then on.

## Error pages

error-new-request = Make a new request
error-not-found-title = Link not found
error-not-found = We could not find this page. If you followed a link from an email, it may be incomplete: copy the whole link, or start a new request.
error-expired-title = This link has expired
error-expired = For your safety, links only work for a limited time. You can start a new request; it takes a minute.
error-used-title = This link was already used
error-used = Each confirmation link works once. If you confirmed already, we emailed you a link to follow your request.
error-confirmed-title = Already confirmed
error-confirmed = This request is already confirmed. We emailed you a link to follow it.
error-closed-title = This request is already finished
error-closed = There is nothing left to confirm: this request was answered, declined or cancelled. Our answer (a download link, or what we erased) or our reason for declining is in the email we sent you then; look in your spam folder too.
error-bad-form-title = Something is wrong with this form
error-form-expired-title = This form has expired
error-form-expired = For your security this form expired. Please go back, reload the page and send it again.
error-conflict-title = This can't be done now
error-changed-meanwhile = This request changed in the meantime. Reload the page to see where it stands.
error-cannot-change = This request can't be changed now.
error-too-large-title = Too much data
error-too-large = The form sent more data than we accept.
error-ours-title = Something went wrong on our side
error-ours = Nothing was changed. Please try again in a few minutes.
too-many-title = Too many requests
too-many-lead = You sent many requests in a short time.
too-many-wait = Please try again in { $wait }.
too-many-wait-unknown = Please wait a few minutes and try again.
wait-seconds = { $n ->
    [one] { $n } second
   *[other] { $n } seconds
}
wait-about-seconds = about { $n } seconds
wait-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
wait-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
