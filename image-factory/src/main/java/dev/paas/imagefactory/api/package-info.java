/**
 * The image factory's public surface, used by the control plane's staging job and by the
 * standalone command: {@link dev.paas.imagefactory.api.ImageFactory} turns a
 * {@link dev.paas.imagefactory.api.BuildRequest} into an image stored by digest in an
 * {@link dev.paas.imagefactory.api.ImageStore}, streaming staging lines to a
 * {@link dev.paas.imagefactory.api.StagingListener}. Failures are one exception type,
 * {@link dev.paas.imagefactory.api.StagingException}, with a reason and a message that says
 * what to fix. A {@link dev.paas.imagefactory.api.DockerImage} (with its
 * {@link dev.paas.imagefactory.api.RegistryCredentials}) is pulled instead of a package.
 */
package dev.paas.imagefactory.api;
