//! The portal's own tables, written by hand in the subset of types both backends share
//! (see `migrations/sqlite` and `migrations/postgres`, which must stay in step).

diesel::table! {
    requests (id) {
        id -> Text,
        kind -> Text,
        status -> Text,
        email -> Text,
        jurisdiction -> Text,
        ticket_ref -> Nullable<Text>,
        received_at -> Timestamp,
        verify_by -> Timestamp,
        verified_at -> Nullable<Timestamp>,
        due_on -> Nullable<Date>,
        extended_due_on -> Nullable<Date>,
        extension_reason -> Nullable<Text>,
        reminder_sent_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        closed_reason -> Nullable<Text>,
        updated_at -> Timestamp,
        run_after -> Nullable<Timestamp>,
        /// The day the open UK pause began (mirrors `request_pauses`), if the clock is stopped.
        paused_on -> Nullable<Date>,
        /// Generated: the effective due date while the clock runs, 9999-12-30 while it is
        /// stopped, else 9999-12-31.
        register_due -> Date,
        /// The other rights (DESIGN §2a): corrected values, ground, scope, note (JSON).
        details -> Nullable<Text>,
        /// When a restriction in force was lifted (Art. 18(3)), and why.
        lifted_at -> Nullable<Timestamp>,
        lift_reason -> Nullable<Text>,
        /// The subject's language (`i18n.languages`): its emails and archive speak it.
        language -> Text,
        /// Generated: the short reference's six hex digits (the id's last six, upper case).
        short_ref -> Text,
        /// The ground a rejection gave (`admin::grounds`), if one was picked.
        rejection_ground -> Nullable<Text>,
        /// How the request reached the company (`web`, `api`, `email`, `phone`, …).
        channel -> Text,
        /// The desk account (`admins.id`) the request is assigned to.
        assignee -> Nullable<Text>,
    }
}

diesel::table! {
    tokens (token_hash) {
        token_hash -> Text,
        request_id -> Text,
        purpose -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        seq -> Nullable<BigInt>,
        at -> Timestamp,
        actor -> Text,
        event -> Text,
        request_id -> Nullable<Text>,
        detail -> Text,
        prev_hash -> Nullable<Text>,
        hash -> Nullable<Text>,
        txid -> Nullable<BigInt>,
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        seq -> BigInt,
        hash -> Text,
    }
}

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        max_attempts -> Integer,
        run_at -> Timestamp,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        request_id -> Nullable<Text>,
        message -> Text,
        to_addr -> Text,
        subject -> Text,
        body_text -> Nullable<Text>,
        body_html -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        attempts -> Integer,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    api_tokens (jti) {
        jti -> Text,
        sub -> Nullable<Text>,
        scope -> Nullable<Text>,
        issued_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_idempotency (sub, idem_key) {
        sub -> Text,
        idem_key -> Text,
        fingerprint -> Text,
        status -> Integer,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(tokens -> requests (request_id));

diesel::table! {
    exports (request_id) {
        request_id -> Text,
        location -> Text,
        size -> BigInt,
        stores -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        downloads -> Integer,
    }
}

diesel::table! {
    request_progress (request_id, store) {
        request_id -> Text,
        store -> Text,
        state -> Text,
        rows -> BigInt,
        error -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    erasures (id) {
        id -> Text,
        request_id -> Nullable<Text>,
        source -> Text,
        subjects -> Integer,
        identifiers -> Nullable<Text>,
        state -> Text,
        error -> Nullable<Text>,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        subject_ids -> Nullable<Text>,
    }
}

diesel::table! {
    erasure_steps (erasure_id, store) {
        erasure_id -> Text,
        store -> Text,
        position -> Integer,
        state -> Text,
        outcome -> Nullable<Text>,
        error -> Nullable<Text>,
        note -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    holds (id) {
        id -> Text,
        erasure_id -> Text,
        request_id -> Nullable<Text>,
        store -> Text,
        object -> Text,
        row_key -> Text,
        reason -> Text,
        held_from -> Nullable<Date>,
        until -> Date,
        created_at -> Timestamp,
        released_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
    }
}

diesel::table! {
    hold_subjects (hold_id, subject) {
        hold_id -> Text,
        subject -> Text,
    }
}

diesel::joinable!(hold_subjects -> holds (hold_id));

diesel::table! {
    erasure_ledger (seq) {
        seq -> BigInt,
        erasure_id -> Text,
        request_id -> Nullable<Text>,
        source -> Text,
        at -> Timestamp,
        subjects -> Integer,
        identifiers -> Text,
        outcome -> Text,
    }
}

diesel::table! {
    retention_runs (rule) {
        rule -> Text,
        last_run_at -> Timestamp,
        report -> Text,
    }
}

diesel::table! {
    admins (id) {
        id -> Text,
        email -> Text,
        role -> Text,
        password_hash -> Text,
        totp_secret -> Text,
        totp_last_step -> Nullable<BigInt>,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
        oidc_subject -> Nullable<Text>,
        role_from -> Text,
    }
}

diesel::table! {
    admin_sessions (token_hash) {
        token_hash -> Text,
        admin_id -> Text,
        stage -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    sso_logins (state_hash) {
        state_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    request_pauses (id) {
        id -> Text,
        request_id -> Text,
        paused_on -> Date,
        resumed_on -> Nullable<Date>,
        reason -> Text,
    }
}

diesel::table! {
    admin_digests (day) {
        day -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    export_tasks (request_id, store) {
        request_id -> Text,
        store -> Text,
        state -> Text,
        note -> Nullable<Text>,
        sent_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        completed_by -> Nullable<Text>,
    }
}

diesel::table! {
    export_attachments (id) {
        id -> Text,
        request_id -> Text,
        store -> Text,
        name -> Text,
        location -> Text,
        size -> BigInt,
        sha256 -> Text,
        created_at -> Timestamp,
        recorded_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(admin_sessions -> admins (admin_id));

diesel::allow_tables_to_appear_in_same_query!(
    admins,
    admin_sessions,
    sso_logins,
    request_pauses,
    admin_digests,
    requests,
    tokens,
    audit_log,
    audit_head,
    jobs,
    outbox,
    exports,
    request_progress,
    erasures,
    erasure_steps,
    holds,
    hold_subjects,
    erasure_ledger,
    retention_runs,
    export_tasks,
    export_attachments
);
