#include "jpeg.h"
#include "candidates.h"

#if __has_include(<jpeglib.h>)
#include <dlfcn.h>

#include <csetjmp>
#include <cstdio>
// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>

#include "parallel.h"

namespace jpeg {
namespace {

struct Api {
  jpeg_error_mgr* (*std_error)(jpeg_error_mgr*);
  void (*create)(j_decompress_ptr, int, size_t);
  void (*mem_src)(j_decompress_ptr, const unsigned char*, unsigned long);
  int (*read_header)(j_decompress_ptr, boolean);
  boolean (*start)(j_decompress_ptr);
  JDIMENSION (*read_scanlines)(j_decompress_ptr, JSAMPARRAY, JDIMENSION);
  boolean (*finish)(j_decompress_ptr);
  void (*abort)(j_common_ptr);
  void (*destroy)(j_common_ptr);
};

Api api{};
bool opened = false;

// libjpeg's default error handler exits the process; this one unwinds to the caller instead.
struct ErrorJump {
  jpeg_error_mgr mgr;
  jmp_buf jump;
};

void onError(j_common_ptr cinfo) { longjmp(reinterpret_cast<ErrorJump*>(cinfo->err)->jump, 1); }
void onMessage(j_common_ptr) {}

bool readFile(const std::string& path, std::vector<unsigned char>& buf) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  buf.clear();
  unsigned char chunk[16384];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) buf.insert(buf.end(), chunk, chunk + n);
  const bool ok = !std::ferror(f);
  std::fclose(f);
  return ok && !buf.empty();
}

Status decodeOne(const std::string& path, uint8_t* out, int side) {
  thread_local std::vector<unsigned char> file;
  if (!readFile(path, file)) return Declined;
  jpeg_decompress_struct cinfo;
  cinfo.mem = nullptr;  // what jpeg_destroy checks, should the very first call fail
  ErrorJump err;
  cinfo.err = api.std_error(&err.mgr);
  err.mgr.error_exit = onError;
  err.mgr.output_message = onMessage;
  if (setjmp(err.jump)) {
    api.destroy(reinterpret_cast<j_common_ptr>(&cinfo));
    return Declined;
  }
  api.create(&cinfo, JPEG_LIB_VERSION, sizeof cinfo);
  api.mem_src(&cinfo, file.data(), static_cast<unsigned long>(file.size()));
  api.read_header(&cinfo, TRUE);
  // Grey and YCbCr convert to RGB; CMYK does not, and errors out to sharp.
  cinfo.out_color_space = JCS_RGB;
  api.start(&cinfo);
  if (int(cinfo.output_width) != side || int(cinfo.output_height) != side || cinfo.output_components != 3) {
    api.destroy(reinterpret_cast<j_common_ptr>(&cinfo));
    return Declined;
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = out + size_t(cinfo.output_scanline) * side * 3;
    api.read_scanlines(&cinfo, &row, 1);
  }
  api.finish(&cinfo);
  api.destroy(reinterpret_cast<j_common_ptr>(&cinfo));
  return Decoded;
}

template <typename T>
bool bind(void* lib, const char* name, T* fn) {
  *fn = reinterpret_cast<T>(dlsym(lib, name));
  return *fn != nullptr;
}

}  // namespace

std::string open(const std::string& candidates) {
  if (opened) return "";
  std::string why;
  for (const std::string& name : libraryCandidates(candidates)) {
    void* lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      why += (why.empty() ? "" : "; ") + name + " not found";
      continue;
    }
    Api a{};
    if (bind(lib, "jpeg_std_error", &a.std_error) && bind(lib, "jpeg_CreateDecompress", &a.create) &&
        bind(lib, "jpeg_mem_src", &a.mem_src) && bind(lib, "jpeg_read_header", &a.read_header) &&
        bind(lib, "jpeg_start_decompress", &a.start) && bind(lib, "jpeg_read_scanlines", &a.read_scanlines) &&
        bind(lib, "jpeg_finish_decompress", &a.finish) && bind(lib, "jpeg_abort", &a.abort) &&
        bind(lib, "jpeg_destroy", &a.destroy)) {
      api = a;
      opened = true;
      return "";
    }
    why += (why.empty() ? "" : "; ") + name + " lacks the libjpeg API";
    dlclose(lib);
  }
  return why.empty() ? "no libjpeg named" : why;
}

void decodeFiles(const std::vector<std::string>& paths, uint8_t* out, int side, uint8_t* status) {
  const size_t faceBytes = size_t(side) * side * 3;
  parallel::forEach(int(paths.size()), [&](int i, int) {
    status[i] = opened ? decodeOne(paths[i], out + faceBytes * i, side) : Declined;
  });
}

}  // namespace jpeg

#else  // built without jpeglib.h: sharp decodes everything

namespace jpeg {
std::string open(const std::string&) { return "built without jpeglib.h"; }
void decodeFiles(const std::vector<std::string>& paths, uint8_t*, int, uint8_t* status) {
  for (size_t i = 0; i < paths.size(); i++) status[i] = Declined;
}
}  // namespace jpeg

#endif
