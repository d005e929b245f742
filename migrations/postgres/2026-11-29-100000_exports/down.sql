DROP TABLE request_progress; DROP TABLE exports;
