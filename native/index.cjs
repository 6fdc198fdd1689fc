'use strict';
// The compiled addon; requiring this throws when the install step could not build it, and the
// project then keeps its wasm kernels.
module.exports = require('./build/anime_gan_native.node');
