#pragma once
// Internal to report.html: its inline stylesheet (screen and print).
namespace sonde::report::html {

const char* stylesheet();

}  // namespace sonde::report::html
