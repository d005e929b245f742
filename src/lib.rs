//! dsr-portal: a self-hosted GDPR data-subject request portal.
//!
//! Layout: [`domain`] (rules, no I/O) ← [`service`] (use cases, own their transaction) ←
//! [`web`] / [`cli`] / [`jobs`] (entry points). [`db`] is the portal's own storage,
//! [`mail`] its outgoing email.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod admin;
pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod datamap;
pub mod db;
pub mod demo;
pub mod domain;
pub mod erasure;
pub mod error;
pub mod export;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod portal;
pub mod rights;
pub mod service;
pub mod sso;
pub mod storage;
pub mod stores;
pub mod web;
pub mod workflow;
