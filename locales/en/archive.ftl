# README.html of the archive a subject downloads: what is in it, what is kept under a legal
# hold, and the information GDPR Art. 15(1) asks for.

readme-title = Your personal data — { $controller }
readme-heading = Your personal data
readme-intro = This archive answers your request { $request } for a copy of your personal data (GDPR Art. 15 and 20), for the address { $email }.
readme-made-by = { $company } made it on { $date }.
readme-made = We made it on { $date }.
readme-questions = Questions about it? Write to
readme-nothing-heading = We hold no personal data about you
readme-nothing = We searched every system listed below and found no record linked to your address, and we keep nothing about you under a legal hold. This archive confirms it, as Art. 15 asks.
readme-kept-heading = Records we keep because the law requires it
readme-kept-intro = When we erased your data, the law made us keep these records for a time (GDPR Art. 17(3)). We use them only for that reason and delete them when the period ends.
readme-kept-count = { $count ->
    [one] { $count } record, kept since { $since }.
   *[other] { $count } records, kept since { $since }.
}
readme-kept-until = Kept until { $until }.
readme-kept-between = Each is kept until its own date, between { $first } and { $last }.
readme-kept-not-copied = We could not add a copy of them to this archive.
readme-kept-copied = A copy of them is in this archive:
readme-kept-and = and
readme-kept-still-yours = They are still your personal data, so this archive holds a copy of them, listed below under each system as “kept under a legal hold”.
readme-kept-ask-copy = For a copy of those it could not include, write to
readme-kept-ask-copy-reply = For a copy of those it could not include, reply to the email that brought you this archive.
readme-run-heading = Records we may keep because the law requires it
readme-run-intro = On { $date } we erased your data under our retention rules, together with that of other people. The law makes us keep some kinds of records for a time even after an erasure (GDPR Art. 17(3)); if any of these are yours, we use them only for that reason and delete them when the period ends:
readme-run-until = Kept until { $until } at the latest.
readme-run-ask = Write to us and we will tell you which are yours and send you a copy:
readme-run-ask-reply = Reply to the email that brought you this archive and we will tell you which are yours and send you a copy.
readme-contents-heading = What is in this archive
readme-contents = Each folder is one of our systems. Database tables come as .csv (opens in a spreadsheet) and .json (for moving to another service); manifest.json lists every file with its row count and SHA-256 checksum.
readme-contents-kept = Files whose name ends in “(kept)” hold the records we keep under a legal hold.
readme-partner = a partner we asked by email
readme-partner-intro = This partner's system has no connection to ours, so we asked them for your data.
readme-partner-answer = Their answer: “{ $note }”
readme-partner-no-files = They sent no files.
readme-partner-files = The files they sent:
readme-store-records = { $count ->
    [one] { $count } record; folder { $folder }
   *[other] { $count } records; folder { $folder }
}
readme-table-kept = (kept under a legal hold)
readme-table-records = { $count ->
    [one] { $count } record
   *[other] { $count } records
}
readme-table-kept-why = which the law makes us keep after your data was erased (see above)
readme-table-first = { $label }: the first records
readme-table-more = The first { $shown } of { $count }; all are in the files.
readme-about-heading = About this processing (Art. 15(1))
readme-controller = Controller:
readme-controller-default = the company that runs this portal
readme-purposes = Purposes:
readme-categories = Categories of data:
readme-recipients = Recipients:
readme-retention = How long we keep it:
readme-retention-default = as long as needed for the purposes above, and as the law requires.
readme-source = Where it comes from:
readme-source-default = from you, and from your use of our service.
readme-automated = Automated decisions, including profiling:
readme-automated-default = none.
readme-rights = Your rights:
readme-rights-text = you may ask us to rectify (Art. 16) or erase (Art. 17) your data, to restrict its processing (Art. 18), and you may object to it (Art. 21). You may take this data to another service (Art. 20).
readme-complaints = Complaints:
readme-complaints-text = you have the right to lodge a complaint with a supervisory authority (Art. 77).
