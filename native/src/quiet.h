// Holding back what native libraries write straight to file descriptor 2 (Dawn's warnings among
// them), so the caller can sort their chatter from real errors before a user sees either.
#pragma once
#include <string>

namespace quiet {
// Sends fd 2 into a temporary file; false when a capture is already running or it cannot start.
bool capture();
// Gives fd 2 back and returns what was written meanwhile ("" when nothing was captured).
std::string release();
}  // namespace quiet
