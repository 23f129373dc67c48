/**
 * Types of the mikrocloud REST API, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run `npm run generate -w @mikrocloud/client`.
 */

export interface paths {
    "/api/v1/containers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List containers */
        get: operations["listContainers"];
        put?: never;
        /** Create a container (not started) */
        post: operations["createContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/containers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inspect a container */
        get: operations["getContainer"];
        put?: never;
        post?: never;
        /** Remove a container, stopping it first when it runs */
        delete: operations["deleteContainer"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/containers/{id}/exec": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a command in a running container
         * @description Runs `command` (argv, no terminal). By default the answer is server-sent events: `event: line` with a LogLine per line of stdout or stderr, then `event: exit` with `{exit_code}` (`null` when the stream closed before the command ended). With `Accept: application/json` it answers once the command has ended: `{exit_code, output}`, the output capped at 10000 lines or 1048576 bytes (`truncated: true` past it). Either holds one of the server's `server.max_streams` places while it runs. Closing the connection closes the command's output; the engine offers no way to kill it, so the command runs on to its end.
         */
        post: operations["execInContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/containers/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Container output
         * @description text/plain by default: one line per log line (prefixed with the engine timestamp when `timestamps=true`). With `Accept: text/event-stream` the stream follows live (unless `follow=false`): each line is an SSE `data:` event holding a LogLine, with `id: <engine timestamp>#<n>` (the n-th line with that timestamp); a client reconnecting with `Last-Event-ID` resumes after that line (tail and since are then ignored). The stream ends with `event: end`. Closing the connection closes the engine stream.
         */
        get: operations["getContainerLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/containers/{id}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restart a container */
        post: operations["restartContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/containers/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a container */
        post: operations["startContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/containers/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop a container */
        post: operations["stopContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/containers/{id}/wait": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Wait until a container exits, becomes healthy or is removed
         * @description `exited` (default) answers `{exit_code}`; `healthy` answers `{condition, health}`, or 409 when the container exits or turns unhealthy first and 422 when it has no health check; `removed` answers `{condition}`. Past `timeout_seconds`: 504. Closing the connection ends the wait.
         */
        post: operations["waitForContainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The engines this server drives
         * @description Each engine is asked for its version at the same time; one that does not answer within a short timeout is listed with `reachable: false` and its `reason`.
         */
        get: operations["listEngines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One engine */
        get: operations["getEngine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/containers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List containers */
        get: operations["listContainersOnEngine"];
        put?: never;
        /** Create a container (not started) */
        post: operations["createContainerOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/containers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inspect a container */
        get: operations["getContainerOnEngine"];
        put?: never;
        post?: never;
        /** Remove a container, stopping it first when it runs */
        delete: operations["deleteContainerOnEngine"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/containers/{id}/exec": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a command in a running container
         * @description Runs `command` (argv, no terminal). By default the answer is server-sent events: `event: line` with a LogLine per line of stdout or stderr, then `event: exit` with `{exit_code}` (`null` when the stream closed before the command ended). With `Accept: application/json` it answers once the command has ended: `{exit_code, output}`, the output capped at 10000 lines or 1048576 bytes (`truncated: true` past it). Either holds one of the server's `server.max_streams` places while it runs. Closing the connection closes the command's output; the engine offers no way to kill it, so the command runs on to its end.
         */
        post: operations["execInContainerOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/containers/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Container output
         * @description text/plain by default: one line per log line (prefixed with the engine timestamp when `timestamps=true`). With `Accept: text/event-stream` the stream follows live (unless `follow=false`): each line is an SSE `data:` event holding a LogLine, with `id: <engine timestamp>#<n>` (the n-th line with that timestamp); a client reconnecting with `Last-Event-ID` resumes after that line (tail and since are then ignored). The stream ends with `event: end`. Closing the connection closes the engine stream.
         */
        get: operations["getContainerLogsOnEngine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/containers/{id}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restart a container */
        post: operations["restartContainerOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/containers/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a container */
        post: operations["startContainerOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/containers/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop a container */
        post: operations["stopContainerOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/containers/{id}/wait": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Wait until a container exits, becomes healthy or is removed
         * @description `exited` (default) answers `{exit_code}`; `healthy` answers `{condition, health}`, or 409 when the container exits or turns unhealthy first and 422 when it has no health check; `removed` answers `{condition}`. Past `timeout_seconds`: 504. Closing the connection ends the wait.
         */
        post: operations["waitForContainerOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lifecycle events of managed containers, images, volumes and networks
         * @description Server-sent events, one per engine event of an object this server manages: `event: <type>` (container, image, volume, network), `id: <time_nano>`, data an EngineEvent. Live until the client leaves (or `until` passes, then `event: end`); it takes one of `server.max_streams` places. `since` replays from a time first. A client reconnecting with `Last-Event-ID` (an event's time_nano) resumes strictly after that event: nothing repeated, nothing of the same second lost.
         */
        get: operations["streamEventsOnEngine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the images this installation built
         * @description Only images carrying `io.mikrocloud.build.id` (and, with `[server] scope = "instance"`, this instance's id); never base images or other programs' images. Newest first.
         */
        get: operations["listImagesOnEngine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/images/prune": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove the images this installation built that no container uses
         * @description Never a host-wide prune: only the images `GET /api/v1/images` lists, and of those only the ones no container (of any owner, stopped ones too) uses. `?dry_run=true` answers what would go and removes nothing.
         */
        post: operations["pruneImagesOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/images/pull": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pull an image from its registry, with progress
         * @description Body `{image, auth?}`; `auth` is `{username, password}` or `{identity_token}` and is never stored, logged or echoed; without it the server's `[docker] registry_auth_file` is asked. Answers server-sent events (progress per layer, then `event: done` with the ImageInfo), or the ImageInfo as JSON with `Accept: application/json`. A registry outside `[docker] allowed_registries` and refused credentials are 403, a missing image 404, when they happen before any progress. An SSE answer holds one of `server.max_streams`.
         */
        post: operations["pullImageOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/images/push/{ref}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Push an image a build of this server made to its registry, with progress
         * @description Optional body `{auth?}` (as for a pull). Only images carrying the build label of this server are pushed; others are 404. Answers server-sent events ending in `event: done` with `{image}`, or `{image}` as JSON with `Accept: application/json`.
         */
        post: operations["pushImageOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/networks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the networks this installation created */
        get: operations["listNetworksOnEngine"];
        put?: never;
        /**
         * Create a bridge network
         * @description Names follow `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; the engines' own names (`bridge`, `host`, `none`, ...) are refused.
         */
        post: operations["createNetworkOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/networks/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inspect a network */
        get: operations["getNetworkOnEngine"];
        put?: never;
        post?: never;
        /** Remove a network (409 while containers are on it) */
        delete: operations["deleteNetworkOnEngine"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/networks/{name}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put a container on the network */
        post: operations["connectNetworkOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/networks/{name}/disconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take a container off the network */
        post: operations["disconnectNetworkOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/runtime/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The container runtime in use */
        get: operations["getRuntimeInfoOnEngine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/volumes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the volumes this installation created */
        get: operations["listVolumesOnEngine"];
        put?: never;
        /** Create a named volume */
        post: operations["createVolumeOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/volumes/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inspect a volume */
        get: operations["getVolumeOnEngine"];
        put?: never;
        post?: never;
        /** Remove a volume (409 while a container uses it) */
        delete: operations["deleteVolumeOnEngine"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/engines/{engine}/volumes/prune": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove the volumes of this installation that no container uses
         * @description Never touches volumes mikrocloud did not create, nor those of another installation. `dry_run=true` lists what would go.
         */
        post: operations["pruneVolumesOnEngine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lifecycle events of managed containers, images, volumes and networks
         * @description Server-sent events, one per engine event of an object this server manages: `event: <type>` (container, image, volume, network), `id: <time_nano>`, data an EngineEvent. Live until the client leaves (or `until` passes, then `event: end`); it takes one of `server.max_streams` places. `since` replays from a time first. A client reconnecting with `Last-Event-ID` (an event's time_nano) resumes strictly after that event: nothing repeated, nothing of the same second lost.
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the images this installation built
         * @description Only images carrying `io.mikrocloud.build.id` (and, with `[server] scope = "instance"`, this instance's id); never base images or other programs' images. Newest first.
         */
        get: operations["listImages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/build": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Build an image from a git repository
         * @description Validates the whole request (400 naming the field) before anything is cloned, stores a `queued` record and answers 202. With `?wait=true` it answers 200 with the final record when the build ends.
         */
        post: operations["buildImage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/builds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List builds, newest first */
        get: operations["listBuilds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/builds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One build record */
        get: operations["getBuild"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/builds/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a queued or running build
         * @description Stops the engine's build for real; the record becomes `cancelled`. 409 when the build has already ended.
         */
        post: operations["cancelBuild"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/builds/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A build's log
         * @description Plain text, one line per log line. With `Accept: text/event-stream` (or `?follow=true`) the stream stays open and sends live lines until the build ends, then `event: end` with the final status. Each SSE event has `id:` set to its line number (from 1); a client reconnecting with `Last-Event-ID` resumes after that line.
         */
        get: operations["getBuildLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Show what a build would do, without building
         * @description Same body as a build. Checks the repository out into a throw-away workspace and answers the buildpack's plan (for nixpacks: the provider detected and from which files, the install/build/start commands and where each came from, base images, variables with secrets masked, the generated Dockerfile). 422 when no provider recognises the app, or for buildpacks that have no plan.
         */
        post: operations["planImage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/prune": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove the images this installation built that no container uses
         * @description Never a host-wide prune: only the images `GET /api/v1/images` lists, and of those only the ones no container (of any owner, stopped ones too) uses. `?dry_run=true` answers what would go and removes nothing.
         */
        post: operations["pruneImages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/pull": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pull an image from its registry, with progress
         * @description Body `{image, auth?}`; `auth` is `{username, password}` or `{identity_token}` and is never stored, logged or echoed; without it the server's `[docker] registry_auth_file` is asked. Answers server-sent events (progress per layer, then `event: done` with the ImageInfo), or the ImageInfo as JSON with `Accept: application/json`. A registry outside `[docker] allowed_registries` and refused credentials are 403, a missing image 404, when they happen before any progress. An SSE answer holds one of `server.max_streams`.
         */
        post: operations["pullImage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/push/{ref}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Push an image a build of this server made to its registry, with progress
         * @description Optional body `{auth?}` (as for a pull). Only images carrying the build label of this server are pushed; others are 404. Answers server-sent events ending in `event: done` with `{image}`, or `{image}` as JSON with `Accept: application/json`.
         */
        post: operations["pushImage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/networks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the networks this installation created */
        get: operations["listNetworks"];
        put?: never;
        /**
         * Create a bridge network
         * @description Names follow `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; the engines' own names (`bridge`, `host`, `none`, ...) are refused.
         */
        post: operations["createNetwork"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/networks/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inspect a network */
        get: operations["getNetwork"];
        put?: never;
        post?: never;
        /** Remove a network (409 while containers are on it) */
        delete: operations["deleteNetwork"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/networks/{name}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put a container on the network */
        post: operations["connectNetwork"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/networks/{name}/disconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take a container off the network */
        post: operations["disconnectNetwork"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runtime/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The container runtime in use */
        get: operations["getRuntimeInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/volumes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the volumes this installation created */
        get: operations["listVolumes"];
        put?: never;
        /** Create a named volume */
        post: operations["createVolume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/volumes/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inspect a volume */
        get: operations["getVolume"];
        put?: never;
        post?: never;
        /** Remove a volume (409 while a container uses it) */
        delete: operations["deleteVolume"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/volumes/prune": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove the volumes of this installation that no container uses
         * @description Never touches volumes mikrocloud did not create, nor those of another installation. `dry_run=true` lists what would go.
         */
        post: operations["pruneVolumes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Process and engine health
         * @description Open (no token). 200 while the engine answers a ping; 503 while it does not. Either answer proves the process is alive.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        BuildRecord: {
            buildpack_type: string;
            commit: string | null;
            created_at: string;
            /** @description what the build detected: for `auto`, the buildpack it chose and why; for nixpacks (chosen or requested), the provider too; null until known, and for buildpacks that detect nothing */
            detected: {
                /** @description the buildpack that built the repository (`dockerfile`, `docker-compose`, `nixpacks`) */
                buildpack_type: string;
                /** @description the nixpacks provider that planned the app (`node`, `python`, `go`, `static`) */
                provider?: string;
                /** @description why: the files that decided it */
                reason: string;
            } | null;
            duration_ms: number | null;
            error: string | null;
            finished_at: string | null;
            /** @description milliseconds from submission to the first line the build itself printed (checkout or engine output); null before it printed any */
            first_output_ms: number | null;
            git_branch: string | null;
            /** @description credentials redacted */
            git_repo: string;
            id: string;
            image_id: string | null;
            image_tag: string;
            /** @description every image built (more than one for compose all_services) */
            images: {
                image_id: string;
                /** @description pushed to its registry after the build (requests with `push: true`) */
                pushed?: boolean;
                tag: string;
            }[];
            started_at: string | null;
            /**
             * @description queued → running → succeeded | failed | cancelled | timed_out
             * @enum {unknown}
             */
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "timed_out";
        };
        BuildRequest: {
            auto_config?: {
                nixpacks_config?: {
                    /** @description the folder of the app to build, for a repository holding several (a monorepo); its context */
                    app_dir?: string;
                    /** @description replaces the detected build step (run with sh -c) */
                    build_command?: string;
                    /** @description replaces the detected install step (run with sh -c) */
                    install_command?: string;
                    /** @description replaces the detected start command (run with sh -c) */
                    start_command?: string;
                    /** @description NAME ([A-Za-z_][A-Za-z0-9_]*) → value, or NAME → {"value": "...", "secret": true} for a runtime-only secret */
                    variables?: {
                        [key: string]: string | {
                            /** @description runtime-only; masked in plans and logs */
                            secret?: boolean;
                            value: string;
                        };
                    };
                };
            };
            buildpack_type: string;
            compose_config?: {
                /** @description build every service with a build section, tagged <image_tag name>-<service>:<tag> */
                all_services?: boolean;
                /** @description default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml */
                compose_file?: string;
                /** @description the service to build; required unless all_services or the file has one buildable service */
                service?: string;
            };
            dockerfile_config?: {
                /** @description names match [A-Za-z_][A-Za-z0-9_]* */
                build_args?: {
                    [key: string]: string;
                };
                /** @description sub-directory used as the build context; default the repository root */
                context?: string;
                /** @description relative to the repository root; default <context>/Dockerfile */
                dockerfile_path?: string;
                target?: string;
            };
            git_branch?: string;
            git_repo: string;
            id?: string;
            image_tag: string;
            nixpacks_config?: {
                /** @description the folder of the app to build, for a repository holding several (a monorepo); its context */
                app_dir?: string;
                /** @description replaces the detected build step (run with sh -c) */
                build_command?: string;
                /** @description replaces the detected install step (run with sh -c) */
                install_command?: string;
                /** @description replaces the detected start command (run with sh -c) */
                start_command?: string;
                /** @description NAME ([A-Za-z_][A-Za-z0-9_]*) → value, or NAME → {"value": "...", "secret": true} for a runtime-only secret */
                variables?: {
                    [key: string]: string | {
                        /** @description runtime-only; masked in plans and logs */
                        secret?: boolean;
                        value: string;
                    };
                };
            };
            no_cache?: boolean;
            /** @description push every built tag to its registry after a successful build */
            push?: boolean;
            recurse_submodules?: boolean;
            static_config?: {
                /** @description run with sh -c in the builder image; no newlines */
                build_command?: string;
                /** @description default node:20-alpine */
                builder_image?: string;
                /** @description repository path of a server config replacing the generated one */
                nginx_config?: string;
                /** @description default nginx:alpine */
                nginx_image?: string;
                /** @description directory to serve; default dist */
                output_dir?: string;
                /** @description answer unknown paths with /index.html */
                spa?: boolean;
            };
        };
        ContainerConfig: {
            /** @description argv, never a shell string */
            command?: string[];
            /** @description argv, never a shell string */
            entrypoint?: string[];
            /** @description environment variables */
            environment?: {
                [key: string]: string;
            };
            healthcheck?: components["schemas"]["HealthCheck"];
            /**
             * @description image reference, e.g. nginx:alpine
             * @example nginx:alpine
             */
            image: string;
            /** @description labels; keys under io.mikrocloud. are reserved */
            labels?: {
                [key: string]: string;
            };
            /** @description volumes, tmpfs and bind mounts */
            mounts?: components["schemas"]["Mount"][];
            /** @description container name; the engine picks one when absent */
            name?: string;
            /** @description managed networks to join; the first at creation, the others before start */
            networks?: components["schemas"]["NetworkAttachment"][];
            /**
             * @description host port (optionally "ip:port", "port/proto") → container port ("80", "53/udp")
             * @example {
             *       "8080": "80",
             *       "127.0.0.1:5353/udp": "53/udp"
             *     }
             */
            ports?: {
                [key: string]: string | number;
            };
            resources?: {
                /** @description CPUs the container may use, e.g. 0.5 */
                cpus?: number;
                /** @description memory limit in MiB (at least 6) */
                memory_mb?: number;
                /** @description memory plus swap in MiB, at least memory_mb (which it needs); -1 for unlimited swap */
                memory_swap_mb?: number;
                /** @description most processes (and threads) at once */
                pids_limit?: number;
            };
            /**
             * @description no | always | unless-stopped | on-failure | on-failure:N
             * @example unless-stopped
             */
            restart_policy?: string;
            /** @description allocate a terminal (logs are then one stream) */
            tty?: boolean;
            /** @description absolute path inside the container */
            working_dir?: string;
        };
        ContainerDetails: {
            command: string[];
            /** @description ISO 8601 */
            created_at: string;
            entrypoint: string[];
            environment: {
                [key: string]: string;
            };
            exit_code: number | null;
            finished_at: string | null;
            health: components["schemas"]["ContainerHealth"];
            id: string;
            /** @description the image as the user asked for it */
            image: string;
            image_id: string;
            labels: {
                [key: string]: string;
            };
            mounts: components["schemas"]["Mount"][];
            name: string;
            networks: components["schemas"]["ContainerNetwork"][];
            ports: components["schemas"]["PortBinding"][];
            resources: {
                cpus: number | null;
                memory_mb: number | null;
                memory_swap_mb: number | null;
                pids_limit: number | null;
            };
            restart_count: number;
            /**
             * @description no | always | unless-stopped | on-failure | on-failure:N
             * @example unless-stopped
             */
            restart_policy: string;
            started_at: string | null;
            state: "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead" | "unknown";
            /** @description human-readable status from the engine */
            status: string;
            tty: boolean;
            working_dir: string;
        };
        ContainerHealth: {
            /** @description failed checks in a row */
            failing_streak?: number;
            last_exit_code?: number;
            /** @description output of the last check (the engine keeps at most 4 KiB) */
            last_output?: string;
            /** @description none: the container has no health check */
            status: "starting" | "healthy" | "unhealthy" | "none";
        };
        ContainerInfo: {
            /** @description ISO 8601 */
            created_at: string;
            health: components["schemas"]["ContainerHealth"];
            id: string;
            /** @description the image as the user asked for it */
            image: string;
            labels: {
                [key: string]: string;
            };
            name: string;
            ports: components["schemas"]["PortBinding"][];
            state: "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead" | "unknown";
            /** @description human-readable status from the engine */
            status: string;
        };
        ContainerNetwork: {
            /** @description the aliases given (the engine's own, such as the short id, left out) */
            aliases: string[];
            /** @description null until the container runs */
            ip_address: string | null;
            name: string;
        };
        EngineEvent: {
            /**
             * @description Docker's word for what happened: create, start, die, destroy, tag, untag, delete, ...
             * @example start
             */
            action: string;
            /** @description the engine's attributes: a container's labels, `image`, `exitCode` on die, `health_status` */
            attributes: {
                [key: string]: string;
            };
            /** @description the object: container or image id, volume name, network id */
            id: string;
            /** @description container, image, volume or network name, when the engine gives one */
            name?: string;
            /** @description ISO 8601, millisecond precision */
            time: string;
            /**
             * @description nanoseconds since the epoch as decimal digits (exact; too large for a JSON number). Orders events and resumes a stream.
             * @example 1795947265016946744
             */
            time_nano: string;
            type: "container" | "image" | "volume" | "network";
        };
        EngineInfo: {
            /** @description the `labels` of its `[[engines]]` table */
            labels: {
                [key: string]: string;
            };
            /** @description `default` is the `[docker]` engine */
            name: string;
            /** @description whether the engine answered within the probe timeout */
            reachable: boolean;
            /** @description why it counts as unreachable, when it does */
            reason?: string;
            /** @description `docker` or `podman` */
            runtime: string;
            /** @description the engine's version, when it answered */
            version?: string;
        };
        ErrorBody: {
            error: {
                code: components["schemas"]["ErrorCode"];
                /** @description a list of field problems (validation_failed), or facts about the error (limit_bytes, allowed, missing_scope, retry_after_seconds) */
                details?: components["schemas"]["FieldProblem"][] | {
                    [key: string]: unknown;
                };
                message: string;
            };
        };
        /** @description stable, machine-readable; never renamed */
        ErrorCode: "validation_failed" | "not_found" | "conflict" | "runtime_unavailable" | "unprocessable" | "build_failed" | "cancelled" | "timed_out" | "unauthorized" | "unsupported_media_type" | "payload_too_large" | "runtime_error" | "forbidden" | "misdirected_request" | "too_many_requests" | "method_not_allowed" | "bad_request" | "internal_error";
        ExecRequest: {
            /** @description argv, never a shell string */
            command: string[];
            /** @description environment variables added for this command */
            env?: {
                [key: string]: string;
            };
            /** @description user[:group], by name or id */
            user?: string;
            /** @description absolute path inside the container */
            working_dir?: string;
        };
        ExecResult: {
            exit_code: number;
            output: components["schemas"]["LogLine"][];
            /** @description true when the output was longer than the answer keeps */
            truncated?: boolean;
        };
        FieldProblem: {
            /** @description dotted path, e.g. ports.8080; empty for the whole input */
            field: string;
            message: string;
        };
        HealthCheck: {
            /** @description seconds between checks (default 30) */
            interval_seconds?: number;
            /** @description failures in a row that make it unhealthy (default 3) */
            retries?: number;
            /** @description seconds after start during which failures do not count (default 0) */
            start_period_seconds?: number;
            /**
             * @description argv run inside the container (never a shell string); exit 0 means healthy
             * @example [
             *       "wget",
             *       "-q",
             *       "-O",
             *       "/dev/null",
             *       "http://127.0.0.1/"
             *     ]
             */
            test: string[];
            /** @description seconds one check may take (default 30) */
            timeout_seconds?: number;
        };
        HealthResponse: {
            engine: {
                reachable: boolean;
                runtime: string;
            };
            status: "ok" | "unavailable";
        };
        HealthyWaitResult: {
            /** @constant */
            condition: "healthy";
            health: components["schemas"]["ContainerHealth"];
        };
        ImageInfo: {
            created_at: string;
            id: string;
            labels: {
                [key: string]: string;
            };
            size_bytes: number;
            tags: string[];
        };
        ImagePruneResult: {
            /** @description true: nothing was removed, `removed` lists what would go */
            dry_run: boolean;
            /** @description image ids */
            removed: string[];
        };
        LogLine: {
            line: string;
            stream: "stdout" | "stderr";
            timestamp?: string;
        };
        MethodNotAllowedBody: {
            error: {
                code: components["schemas"]["ErrorCode"];
                details: {
                    allowed: string[];
                };
                message: string;
            };
        };
        Mount: {
            /** @description mounted read-only (default false) */
            read_only?: boolean;
            /** @description tmpfs only: size limit in MiB (default: the engine's) */
            size_mb?: number;
            /** @description volume: its name; bind: absolute host path under an allowed bind root */
            source?: string;
            /** @description absolute path inside the container, not / */
            target: string;
            /**
             * @description volume, tmpfs or bind
             * @enum {unknown}
             */
            type: "volume" | "tmpfs" | "bind";
        };
        NetworkAttachment: {
            /** @description extra DNS names of the container on this network */
            aliases?: string[];
            /** @description name of a network this installation created */
            name: string;
        };
        NetworkConnection: {
            /** @description connect only: extra DNS names on the network */
            aliases?: string[];
            /** @description container id, unique id prefix, or name */
            container: string;
            /** @description disconnect only: even when the container is not running */
            force?: boolean;
        };
        NetworkInfo: {
            created_at: string | null;
            driver: string;
            id: string;
            internal: boolean;
            labels: {
                [key: string]: string;
            };
            name: string;
        };
        NetworkSpec: {
            /** @description no route out of the network (default false) */
            internal?: boolean;
            /** @description labels; keys under io.mikrocloud. are reserved */
            labels?: {
                [key: string]: string;
            };
            name: string;
        };
        PayloadTooLargeBody: {
            error: {
                code: components["schemas"]["ErrorCode"];
                details: {
                    limit_bytes: number;
                };
                message: string;
            };
        };
        PortBinding: {
            container_port: number;
            /** @description 0.0.0.0 when published on every address */
            host_ip: string;
            host_port: number;
            protocol: "tcp" | "udp" | "sctp";
        };
        PruneResult: {
            dry_run: boolean;
            removed: string[];
        };
        PullProgress: {
            current_bytes?: number;
            /** @description the layer (short digest), or the image for whole-image steps */
            layer: string;
            /** @description the engine's words: Pulling fs layer, Downloading, Pushing, Pull complete, ... */
            status: string;
            total_bytes?: number;
        };
        PullRequest: {
            auth?: components["schemas"]["RegistryAuth"];
            /**
             * @description image reference; no tag means latest
             * @example ghcr.io/acme/app:1
             */
            image: string;
        };
        PushRequest: {
            auth?: components["schemas"]["RegistryAuth"];
        };
        /** @description {username, password} or {identity_token}, with an optional server_address */
        RegistryAuth: {
            password: string;
            /** @description the registry host (and port) these credentials are for; default: the image's registry */
            server_address?: string;
            username: string;
        } | {
            identity_token: string;
            /** @description the registry host (and port) these credentials are for; default: the image's registry */
            server_address?: string;
        };
        RemovedWaitResult: {
            /** @constant */
            condition: "removed";
        };
        RuntimeInfoResponse: {
            api_version: string;
            arch: string;
            /** @description where builds put their workspaces (build.build_dir, default <data_dir>/builds) */
            build_dir: string;
            cgroup_version: string;
            cpus: number;
            kernel_version: string;
            memory_bytes: number;
            os: string;
            /** @description as the engine reports it */
            rootless: boolean;
            /** @description docker | podman | the name a custom runtime gives itself */
            runtime: string;
            socket_path: string;
            storage_driver: string;
            version: string;
            /** @description disagreements between configuration and engine */
            warnings: string[];
        };
        ValidationErrorBody: {
            error: {
                /** @constant */
                code: "validation_failed";
                details: components["schemas"]["FieldProblem"][];
                message: string;
            };
        };
        VolumeInfo: {
            /** @description ISO 8601, when the engine says */
            created_at: string | null;
            driver: string;
            labels: {
                [key: string]: string;
            };
            /** @description where the engine keeps it on the host */
            mountpoint: string;
            name: string;
        };
        VolumeSpec: {
            /** @description labels; keys under io.mikrocloud. are reserved */
            labels?: {
                [key: string]: string;
            };
            /** @description the engine picks one when absent */
            name?: string;
        };
        WaitRequest: {
            condition?: "exited" | "healthy" | "removed";
            /** @description give up with a 504 after this many seconds */
            timeout_seconds?: number;
        };
        WaitResult: {
            exit_code: number;
        };
    };
    responses: {
        /** @description The engine answered with an error mikrocloud has no better name for (`runtime_error`). */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The input is invalid: `details` lists every `{field, message}` at fault (`validation_failed`). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ValidationErrorBody"];
            };
        };
        /** @description The name is taken, or the container is in a state that forbids the call (`conflict`). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The token lacks the route's scope (`details.missing_scope` names it), or a browser request came from another origin (`Origin`, `Sec-Fetch-Site`; see server.allowed_origins) (`forbidden`). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The deadline the request set passed first (`timed_out`). */
        GatewayTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description An unexpected failure; the message is generic and the details are in the server log (`internal_error`). */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The path exists but not with this method (`method_not_allowed`); see the Allow header. */
        MethodNotAllowed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["MethodNotAllowedBody"];
            };
        };
        /** @description The Host header names a host this server does not answer to, see server.allowed_hosts (`misdirected_request`). */
        MisdirectedRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description No such container, or no such route (`not_found`). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The body exceeds `server.body_limit_bytes` (`payload_too_large`). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PayloadTooLargeBody"];
            };
        };
        /** @description The container engine does not answer (`runtime_unavailable`); retry later. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description A bound is reached (live log streams, build queue); retry after the `Retry-After` header (`too_many_requests`). */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description A bearer token is required and was missing or wrong (`unauthorized`). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description Well-formed input that cannot be acted on, e.g. an app no buildpack recognises (`unprocessable`). */
        Unprocessable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description A body that is not application/json (`unsupported_media_type`). */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listContainers: {
        parameters: {
            query?: {
                /** @description include containers mikrocloud did not create (400 unless `[server] expose_unmanaged = true`) */
                all?: boolean;
                /** @description only containers with this label (key=value); repeatable */
                label?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description containers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerInfo"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createContainer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContainerConfig"];
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    /** @description URL of the new container */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getContainer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the container */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteContainer: {
        parameters: {
            query?: {
                /** @description seconds to wait after SIGTERM before SIGKILL */
                timeout?: number;
            };
            header?: never;
            path: {
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    execInContainer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExecRequest"];
            };
        };
        responses: {
            /** @description the output and exit code */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecResult"];
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getContainerLogs: {
        parameters: {
            query?: {
                /** @description keep streaming new lines (default: false for text, true for SSE) */
                follow?: boolean;
                /** @description only lines at or after this time: UNIX seconds or ISO 8601 */
                since?: string;
                /** @description include standard error (default true) */
                stderr?: boolean;
                /** @description include standard output (default true) */
                stdout?: boolean;
                /** @description only the last N lines */
                tail?: number;
                /** @description include engine timestamps */
                timestamps?: boolean;
            };
            header?: {
                /** @description SSE only: the `id` of the last event received; the stream resumes after it (400 when it is not an id of this stream) */
                "Last-Event-ID"?: string;
            };
            path: {
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the log lines */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                    "text/plain": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    restartContainer: {
        parameters: {
            query?: {
                /** @description seconds to wait after SIGTERM before SIGKILL */
                timeout?: number;
            };
            header?: never;
            path: {
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the container, running again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            422: components["responses"]["Unprocessable"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    startContainer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the container, running */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            422: components["responses"]["Unprocessable"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    stopContainer: {
        parameters: {
            query?: {
                /** @description seconds to wait after SIGTERM before SIGKILL */
                timeout?: number;
            };
            header?: never;
            path: {
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the container, stopped */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    waitForContainer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WaitRequest"];
            };
        };
        responses: {
            /** @description the condition holds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitResult"] | components["schemas"]["HealthyWaitResult"] | components["schemas"]["RemovedWaitResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            422: components["responses"]["Unprocessable"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listEngines: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description every engine, `default` first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EngineInfo"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the engine */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EngineInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listContainersOnEngine: {
        parameters: {
            query?: {
                /** @description include containers mikrocloud did not create (400 unless `[server] expose_unmanaged = true`) */
                all?: boolean;
                /** @description only containers with this label (key=value); repeatable */
                label?: string[];
            };
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description containers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerInfo"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createContainerOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContainerConfig"];
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    /** @description URL of the new container */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getContainerOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the container */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteContainerOnEngine: {
        parameters: {
            query?: {
                /** @description seconds to wait after SIGTERM before SIGKILL */
                timeout?: number;
            };
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    execInContainerOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExecRequest"];
            };
        };
        responses: {
            /** @description the output and exit code */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecResult"];
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getContainerLogsOnEngine: {
        parameters: {
            query?: {
                /** @description keep streaming new lines (default: false for text, true for SSE) */
                follow?: boolean;
                /** @description only lines at or after this time: UNIX seconds or ISO 8601 */
                since?: string;
                /** @description include standard error (default true) */
                stderr?: boolean;
                /** @description include standard output (default true) */
                stdout?: boolean;
                /** @description only the last N lines */
                tail?: number;
                /** @description include engine timestamps */
                timestamps?: boolean;
            };
            header?: {
                /** @description SSE only: the `id` of the last event received; the stream resumes after it (400 when it is not an id of this stream) */
                "Last-Event-ID"?: string;
            };
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the log lines */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                    "text/plain": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    restartContainerOnEngine: {
        parameters: {
            query?: {
                /** @description seconds to wait after SIGTERM before SIGKILL */
                timeout?: number;
            };
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the container, running again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            422: components["responses"]["Unprocessable"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    startContainerOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the container, running */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            422: components["responses"]["Unprocessable"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    stopContainerOnEngine: {
        parameters: {
            query?: {
                /** @description seconds to wait after SIGTERM before SIGKILL */
                timeout?: number;
            };
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the container, stopped */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    waitForContainerOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description container id, unique id prefix, or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WaitRequest"];
            };
        };
        responses: {
            /** @description the condition holds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitResult"] | components["schemas"]["HealthyWaitResult"] | components["schemas"]["RemovedWaitResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            422: components["responses"]["Unprocessable"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    streamEventsOnEngine: {
        parameters: {
            query?: {
                /** @description only these actions (start, die, destroy, ...); repeatable or comma-separated */
                actions?: string[];
                /** @description replay events from this time on: UNIX seconds or ISO 8601 */
                since?: string;
                /** @description only these kinds; repeatable or comma-separated */
                types?: ("container" | "image" | "volume" | "network")[];
                /** @description end the stream at this time: UNIX seconds or ISO 8601 */
                until?: string;
            };
            header?: {
                /** @description SSE only: the `id` of the last event received; the stream resumes after it (400 when it is not an id of this stream) */
                "Last-Event-ID"?: string;
            };
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listImagesOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description images */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageInfo"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pruneImagesOnEngine: {
        parameters: {
            query?: {
                /** @description list what would be removed, remove nothing */
                dry_run?: boolean;
            };
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description what was (or would be) removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImagePruneResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pullImageOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PullRequest"];
            };
        };
        responses: {
            /** @description the pulled image, or its progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageInfo"];
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pushImageOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description image reference with its tag, URL-encoded as one path segment (`localhost%3A5443%2Fteam%2Fapp%3A1`) */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PushRequest"];
            };
        };
        responses: {
            /** @description the pushed image, or its progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        image: string;
                    };
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listNetworksOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description networks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkInfo"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createNetworkOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NetworkSpec"];
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    /** @description URL of the new network */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getNetworkOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description network name or id */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the network */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteNetworkOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description network name or id */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    connectNetworkOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description network name or id */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NetworkConnection"];
            };
        };
        responses: {
            /** @description connected */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    disconnectNetworkOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description network name or id */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NetworkConnection"];
            };
        };
        responses: {
            /** @description disconnected */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRuntimeInfoOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description engine report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuntimeInfoResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listVolumesOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description volumes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeInfo"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createVolumeOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["VolumeSpec"];
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    /** @description URL of the new volume */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getVolumeOnEngine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description volume name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the volume */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteVolumeOnEngine: {
        parameters: {
            query?: {
                /** @description remove it even when the engine would keep it */
                force?: boolean;
            };
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
                /** @description volume name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pruneVolumesOnEngine: {
        parameters: {
            query?: {
                /** @description only list what would be removed */
                dry_run?: boolean;
            };
            header?: never;
            path: {
                /** @description an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table */
                engine: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description what was (or would be) removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PruneResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    streamEvents: {
        parameters: {
            query?: {
                /** @description only these actions (start, die, destroy, ...); repeatable or comma-separated */
                actions?: string[];
                /** @description replay events from this time on: UNIX seconds or ISO 8601 */
                since?: string;
                /** @description only these kinds; repeatable or comma-separated */
                types?: ("container" | "image" | "volume" | "network")[];
                /** @description end the stream at this time: UNIX seconds or ISO 8601 */
                until?: string;
            };
            header?: {
                /** @description SSE only: the `id` of the last event received; the stream resumes after it (400 when it is not an id of this stream) */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listImages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description images */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageInfo"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    buildImage: {
        parameters: {
            query?: {
                /** @description answer when the build has ended, with the final record */
                wait?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BuildRequest"];
            };
        };
        responses: {
            /** @description the finished build (`?wait=true`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildRecord"];
                };
            };
            /** @description the build is queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildRecord"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listBuilds: {
        parameters: {
            query?: {
                /** @description at most this many */
                limit?: number;
                /** @description only builds in this state */
                status?: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "timed_out";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description build records */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildRecord"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description build id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the record */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildRecord"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    cancelBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description build id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the record */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildRecord"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getBuildLogs: {
        parameters: {
            query?: {
                /** @description keep streaming until the build ends (default: false for text, true for SSE) */
                follow?: boolean;
            };
            header?: {
                /** @description SSE only: the `id` of the last event received; the stream resumes after it (400 when it is not an id of this stream) */
                "Last-Event-ID"?: string;
            };
            path: {
                /** @description build id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the log */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                    "text/plain": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    planImage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BuildRequest"];
            };
        };
        responses: {
            /** @description the plan */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        buildpack_type: string;
                        commit: string;
                        /** @description for `auto`: the buildpack it chose and why; for nixpacks, the provider too */
                        detected?: {
                            /** @description the buildpack that built the repository (`dockerfile`, `docker-compose`, `nixpacks`) */
                            buildpack_type: string;
                            /** @description the nixpacks provider that planned the app (`node`, `python`, `go`, `static`) */
                            provider?: string;
                            /** @description why: the files that decided it */
                            reason: string;
                        };
                        /** @description the buildpack's plan (for `auto`, the chosen buildpack's; null when it chose one that builds what the repository describes) */
                        plan: Record<string, never> | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pruneImages: {
        parameters: {
            query?: {
                /** @description list what would be removed, remove nothing */
                dry_run?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description what was (or would be) removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImagePruneResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pullImage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PullRequest"];
            };
        };
        responses: {
            /** @description the pulled image, or its progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageInfo"];
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pushImage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description image reference with its tag, URL-encoded as one path segment (`localhost%3A5443%2Fteam%2Fapp%3A1`) */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PushRequest"];
            };
        };
        responses: {
            /** @description the pushed image, or its progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        image: string;
                    };
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listNetworks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description networks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkInfo"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NetworkSpec"];
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    /** @description URL of the new network */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network name or id */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the network */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NetworkInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network name or id */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    connectNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network name or id */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NetworkConnection"];
            };
        };
        responses: {
            /** @description connected */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    disconnectNetwork: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description network name or id */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NetworkConnection"];
            };
        };
        responses: {
            /** @description disconnected */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRuntimeInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description engine report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuntimeInfoResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listVolumes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description volumes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeInfo"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createVolume: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["VolumeSpec"];
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    /** @description URL of the new volume */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getVolume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description volume name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the volume */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolumeInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteVolume: {
        parameters: {
            query?: {
                /** @description remove it even when the engine would keep it */
                force?: boolean;
            };
            header?: never;
            path: {
                /** @description volume name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pruneVolumes: {
        parameters: {
            query?: {
                /** @description only list what would be removed */
                dry_run?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description what was (or would be) removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PruneResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the engine answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            405: components["responses"]["MethodNotAllowed"];
            421: components["responses"]["MisdirectedRequest"];
            500: components["responses"]["InternalError"];
            /** @description the engine does not answer */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
        };
    };
}
