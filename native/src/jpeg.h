// Decoding many small JPEG files at once with the system's libjpeg(-turbo), opened at run time,
// on the pool's threads. sharp spends ~0.5 ms of CPU per 64×64 face on pipeline set-up, ten
// times the decode itself; this is the fast path, and anything it declines goes back to sharp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace jpeg {

// "" when a libjpeg was opened, otherwise why not (also when built without jpeglib.h).
std::string open(const std::string& candidates);

enum Status : uint8_t { Decoded = 0, Declined = 1 };

// Reads and decodes paths[i] into out + i·side·side·3 as RGB; status[i] is Declined for any
// file that is unreadable, not a JPEG, or not side×side once decoded (the caller decides).
void decodeFiles(const std::vector<std::string>& paths, uint8_t* out, int side, uint8_t* status);

}  // namespace jpeg
