import { createMikrocloud, type ConfigInput } from '@mikrocloud/api';
import type { BuildRecord, BuildRequest } from '@mikrocloud/buildpacks';
import type { ContainerConfig, ContainerHandle } from '@mikrocloud/core';

/** What {@link deployFromGit} needs: the seed's `cfg`, its build request, and where the app is published. */
export interface SeedIntegrationOptions {
  /** The same shape as `mikrocloud.toml` (`[docker]`, `[server]`, `[build]`). */
  cfg: ConfigInput;
  buildRequest: BuildRequest;
  /** The container's name (the seed's `app-instance`). */
  name: string;
  /** Host port published to the app's port 8080 (the seed's `"80": "8080"`). */
  hostPort: number;
  /** Labels on the container and image (tests use them to clean up). */
  labels?: Record<string, string>;
  onLog?: (line: string) => void;
}

/**
 * The seed's integration section, line for line:
 *
 * ```go
 * containerService, err := services.NewContainerService(cfg)
 * buildResult, err := containerService.BuildImage(ctx, buildRequest)
 * containerConfig := manager.ContainerConfig{Image: buildResult.ImageTag, Name: "app-instance", Ports: map[string]string{"80": "8080"}}
 * containerID, err := containerService.CreateContainer(ctx, containerConfig)
 * ```
 *
 * plus the start the seed leaves to its caller. Every failure is a typed error (`ConfigError`,
 * `ValidationError`, `BuildError` naming the build record, the engine's error for the container).
 * The caller removes the container (`await using`) and closes the service.
 */
export async function deployFromGit(options: SeedIntegrationOptions): Promise<{ service: Awaited<ReturnType<typeof createMikrocloud>>; buildResult: BuildRecord; container: ContainerHandle }> {
  // Service initialization
  const containerService = await createMikrocloud(options.cfg, options.labels ? { labels: options.labels } : {});
  try {
    // Use in application deployment
    const buildResult = await containerService.buildImage(options.buildRequest, options.onLog ? { onLog: options.onLog } : {});

    // Deploy the built image
    const containerConfig: ContainerConfig = {
      image: buildResult.image_tag,
      name: options.name,
      ports: { [`127.0.0.1:${options.hostPort}`]: '8080' },
      ...(options.labels ? { labels: options.labels } : {}),
    };
    const container = await containerService.createContainer(containerConfig);
    await containerService.manager.start(container.id);
    return { service: containerService, buildResult, container };
  } catch (error) {
    await containerService.close();
    throw error;
  }
}
