/**
 * Matrix products with hand-written gradients, for speed on the wasm backend.
 *
 * tfjs differentiates C = A·B into dA = dC·Bᵀ and dB = Aᵀ·dC using BatchMatMul's
 * transposeA/transposeB flags, and the wasm backend runs those flags 3-20x slower than a plain
 * product (measured here: [4096x60]ᵀ·[4096x128] took 63 ms with the flag, 3 ms as an explicit
 * Transpose then a plain product). These helpers transpose explicitly, or take the transposed
 * constant from the caller, who builds it from the same batch buffer. The arithmetic is the
 * same as tfjs's own gradients.
 *
 * Every tensor a gradient function reads goes through `save`: tfjs disposes the forward pass's
 * intermediates before running the backward pass.
 */
import * as tf from '@tensorflow/tfjs';

type Save = tf.GradSaveFunc;

/** A·B, with gradients for both. */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad<tf.Tensor2D>((...args) => {
    const [x, y, save] = args as [tf.Tensor2D, tf.Tensor2D, Save];
    save([x, y]);
    return {
      value: tf.matMul(x, y),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy, tf.transpose(ys)), tf.matMul(tf.transpose(xs), dy)];
      },
    };
  });
  return op(a, b);
}

/** A·B + bias (bias [n], broadcast over rows), with gradients for A, B and the bias. */
export function dense(a: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const ones = tf.ones([1, a.shape[0]]);
  const op = tf.customGrad<tf.Tensor2D>((...args) => {
    const [x, k, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, Save];
    save([x, k, ones]);
    return {
      value: tf.add<tf.Tensor2D>(tf.matMul(x, k), b),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ks, os] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        return [
          tf.matMul(dy, tf.transpose(ks)),
          tf.matMul(tf.transpose(xs), dy),
          tf.reshape<tf.Rank.R1>(tf.matMul(os, dy), [dy.shape[1]]),
        ];
      },
    };
  });
  return op(a, w, bias);
}

/**
 * X·W + bias for a constant X (input data, no gradient) whose transpose `xT` the caller
 * supplies: gradients for W and the bias only.
 */
export function denseOnData(
  x: tf.Tensor2D,
  xT: tf.Tensor2D,
  w: tf.Tensor2D,
  bias: tf.Tensor1D,
): tf.Tensor2D {
  const ones = tf.ones([1, x.shape[0]]);
  const op = tf.customGrad<tf.Tensor2D>((...args) => {
    const [k, b, save] = args as [tf.Tensor2D, tf.Tensor1D, Save];
    save([xT, ones]);
    return {
      value: tf.add<tf.Tensor2D>(tf.matMul(x, k), b),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xTs, os] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(xTs, dy), tf.reshape<tf.Rank.R1>(tf.matMul(os, dy), [dy.shape[1]])];
      },
    };
  });
  return op(w, bias);
}

/**
 * A·D for a constant D (input data) whose transpose `dT` the caller supplies: the gradient
 * for A only.
 */
export function matMulOnData(a: tf.Tensor2D, d: tf.Tensor2D, dT: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad<tf.Tensor2D>((...args) => {
    const [k, save] = args as [tf.Tensor2D, Save];
    save([dT]);
    return {
      value: tf.matMul(k, d),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [tf.matMul(dy, saved[0] as tf.Tensor2D)],
    };
  });
  return op(a);
}

/** A variable from a freshly built tensor, without leaking that tensor. */
export function variableFrom<R extends tf.Rank>(
  make: () => tf.Tensor<R>,
  trainable = true,
): tf.Variable<R> {
  return tf.tidy(() => tf.variable(make(), trainable));
}
