// deno-fmt-ignore-file
// Generated from the database catalog by dev/db/generate-database-types.ts. Do not edit:
// change the migrations, then run `npx tsx dev/db/generate-database-types.ts`.

export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: "13"
  }
  public: {
    Tables: {
      admin_development_progress: {
        Row: {
          actual_hours: number | null
          assigned_to: string | null
          blockers: string | null
          completion_date: string | null
          created_at: string
          estimated_hours: number | null
          feature_category: string
          feature_name: string
          id: string
          notes: string | null
          priority: string
          start_date: string | null
          status: string
          updated_at: string
        }
        Insert: {
          actual_hours?: number | null
          assigned_to?: string | null
          blockers?: string | null
          completion_date?: string | null
          created_at?: string
          estimated_hours?: number | null
          feature_category: string
          feature_name: string
          id?: string
          notes?: string | null
          priority?: string
          start_date?: string | null
          status?: string
          updated_at?: string
        }
        Update: {
          actual_hours?: number | null
          assigned_to?: string | null
          blockers?: string | null
          completion_date?: string | null
          created_at?: string
          estimated_hours?: number | null
          feature_category?: string
          feature_name?: string
          id?: string
          notes?: string | null
          priority?: string
          start_date?: string | null
          status?: string
          updated_at?: string
        }
        Relationships: []
      }
      api_models: {
        Row: {
          capabilities: Json
          created_at: string
          default_for_tasks: string[]
          display_name: string
          id: string
          input_defaults: Json
          is_active: boolean
          modality: string
          model_family: string | null
          model_key: string
          priority: number
          provider_id: string
          tasks: string[]
          updated_at: string
          version: string | null
        }
        Insert: {
          capabilities?: Json
          created_at?: string
          default_for_tasks?: string[]
          display_name: string
          id?: string
          input_defaults?: Json
          is_active?: boolean
          modality: string
          model_family?: string | null
          model_key: string
          priority?: number
          provider_id: string
          tasks?: string[]
          updated_at?: string
          version?: string | null
        }
        Update: {
          capabilities?: Json
          created_at?: string
          default_for_tasks?: string[]
          display_name?: string
          id?: string
          input_defaults?: Json
          is_active?: boolean
          modality?: string
          model_family?: string | null
          model_key?: string
          priority?: number
          provider_id?: string
          tasks?: string[]
          updated_at?: string
          version?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "api_models_provider_id_fkey"
            columns: ["provider_id"]
            isOneToOne: false
            referencedRelation: "api_providers"
            referencedColumns: ["id"]
          },
        ]
      }
      api_providers: {
        Row: {
          auth_scheme: string
          base_url: string | null
          created_at: string
          display_name: string
          id: string
          is_active: boolean
          name: string
          rate_limits: Json
          secret_name: string | null
          updated_at: string
        }
        Insert: {
          auth_scheme?: string
          base_url?: string | null
          created_at?: string
          display_name: string
          id?: string
          is_active?: boolean
          name: string
          rate_limits?: Json
          secret_name?: string | null
          updated_at?: string
        }
        Update: {
          auth_scheme?: string
          base_url?: string | null
          created_at?: string
          display_name?: string
          id?: string
          is_active?: boolean
          name?: string
          rate_limits?: Json
          secret_name?: string | null
          updated_at?: string
        }
        Relationships: []
      }
      audit_logs: {
        Row: {
          correlation_id: string | null
          created_at: string
          event_data: Json
          event_type: string
          id: string
          source: string
          user_id: string | null
        }
        Insert: {
          correlation_id?: string | null
          created_at?: string
          event_data?: Json
          event_type: string
          id?: string
          source: string
          user_id?: string | null
        }
        Update: {
          correlation_id?: string | null
          created_at?: string
          event_data?: Json
          event_type?: string
          id?: string
          source?: string
          user_id?: string | null
        }
        Relationships: []
      }
      batch_items: {
        Row: {
          batch_id: string
          created_at: string
          credits: number
          error_code: string | null
          error_message: string | null
          id: string
          item_index: number
          job_id: string | null
          job_row: Json
          prediction: Json | null
          released_at: string | null
          status: Database["public"]["Enums"]["batch_item_status"]
          updated_at: string
          user_id: string
        }
        Insert: {
          batch_id: string
          created_at?: string
          credits: number
          error_code?: string | null
          error_message?: string | null
          id?: string
          item_index: number
          job_id?: string | null
          job_row: Json
          prediction?: Json | null
          released_at?: string | null
          status?: Database["public"]["Enums"]["batch_item_status"]
          updated_at?: string
          user_id: string
        }
        Update: {
          batch_id?: string
          created_at?: string
          credits?: number
          error_code?: string | null
          error_message?: string | null
          id?: string
          item_index?: number
          job_id?: string | null
          job_row?: Json
          prediction?: Json | null
          released_at?: string | null
          status?: Database["public"]["Enums"]["batch_item_status"]
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "batch_items_batch_id_user_id_fkey"
            columns: ["batch_id", "user_id"]
            isOneToOne: false
            referencedRelation: "batch_jobs"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "batch_items_job_id_user_id_fkey"
            columns: ["job_id", "user_id"]
            isOneToOne: true
            referencedRelation: "jobs"
            referencedColumns: ["id", "user_id"]
          },
        ]
      }
      batch_jobs: {
        Row: {
          cancelled_count: number
          completed_at: string | null
          completed_count: number
          created_at: string
          credits_total: number
          failed_count: number
          id: string
          idempotency_key: string | null
          max_concurrency: number
          name: string
          on_failure: string
          priority: string
          processing_count: number
          project_id: string | null
          queued_count: number
          status: Database["public"]["Enums"]["batch_status"]
          total_count: number
          updated_at: string
          user_id: string
        }
        Insert: {
          cancelled_count?: number
          completed_at?: string | null
          completed_count?: number
          created_at?: string
          credits_total: number
          failed_count?: number
          id?: string
          idempotency_key?: string | null
          max_concurrency: number
          name: string
          on_failure?: string
          priority?: string
          processing_count?: number
          project_id?: string | null
          queued_count: number
          status?: Database["public"]["Enums"]["batch_status"]
          total_count: number
          updated_at?: string
          user_id: string
        }
        Update: {
          cancelled_count?: number
          completed_at?: string | null
          completed_count?: number
          created_at?: string
          credits_total?: number
          failed_count?: number
          id?: string
          idempotency_key?: string | null
          max_concurrency?: number
          name?: string
          on_failure?: string
          priority?: string
          processing_count?: number
          project_id?: string | null
          queued_count?: number
          status?: Database["public"]["Enums"]["batch_status"]
          total_count?: number
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "batch_jobs_project_id_fkey"
            columns: ["project_id", "user_id"]
            isOneToOne: false
            referencedRelation: "projects"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "batch_jobs_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      character_scenes: {
        Row: {
          character_id: string
          created_at: string
          generation_metadata: Json
          id: string
          image_url: string | null
          priority: number
          scene_description: string | null
          scene_name: string
          scene_prompt: string
          scene_rules: string | null
          scene_starters: string[]
          updated_at: string
        }
        Insert: {
          character_id: string
          created_at?: string
          generation_metadata?: Json
          id?: string
          image_url?: string | null
          priority?: number
          scene_description?: string | null
          scene_name: string
          scene_prompt: string
          scene_rules?: string | null
          scene_starters?: string[]
          updated_at?: string
        }
        Update: {
          character_id?: string
          created_at?: string
          generation_metadata?: Json
          id?: string
          image_url?: string | null
          priority?: number
          scene_description?: string | null
          scene_name?: string
          scene_prompt?: string
          scene_rules?: string | null
          scene_starters?: string[]
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "character_scenes_character_id_fkey"
            columns: ["character_id"]
            isOneToOne: false
            referencedRelation: "characters"
            referencedColumns: ["id"]
          },
        ]
      }
      characters: {
        Row: {
          alternate_greetings: string[]
          appearance_tags: string[]
          avoid_traits: string[]
          backstory: string | null
          base_prompt: string | null
          bio: string | null
          card_data: Json
          clothing_tags: string[]
          consistency_method: string | null
          content_rating: string
          created_at: string
          creator_id: string | null
          description: string
          first_message: string | null
          forbidden_phrases: string[]
          gender: string | null
          id: string
          image_url: string | null
          interaction_count: number
          is_public: boolean
          likes_count: number
          locked_traits: string[]
          mood: string | null
          name: string
          persona: string | null
          personality_traits: Json
          physical_traits: Json
          preview_image_url: string | null
          quick_start: boolean
          reference_image_url: string | null
          role: string | null
          scene_behavior_rules: Json
          seed_locked: number | null
          style_preset: string | null
          system_prompt: string | null
          tagline: string | null
          traits: string | null
          updated_at: string
          user_id: string | null
          voice_examples: string[]
          voice_tone: string | null
        }
        Insert: {
          alternate_greetings?: string[]
          appearance_tags?: string[]
          avoid_traits?: string[]
          backstory?: string | null
          base_prompt?: string | null
          bio?: string | null
          card_data?: Json
          clothing_tags?: string[]
          consistency_method?: string | null
          content_rating?: string
          created_at?: string
          creator_id?: string | null
          description: string
          first_message?: string | null
          forbidden_phrases?: string[]
          gender?: string | null
          id?: string
          image_url?: string | null
          interaction_count?: number
          is_public?: boolean
          likes_count?: number
          locked_traits?: string[]
          mood?: string | null
          name: string
          persona?: string | null
          personality_traits?: Json
          physical_traits?: Json
          preview_image_url?: string | null
          quick_start?: boolean
          reference_image_url?: string | null
          role?: string | null
          scene_behavior_rules?: Json
          seed_locked?: number | null
          style_preset?: string | null
          system_prompt?: string | null
          tagline?: string | null
          traits?: string | null
          updated_at?: string
          user_id?: string | null
          voice_examples?: string[]
          voice_tone?: string | null
        }
        Update: {
          alternate_greetings?: string[]
          appearance_tags?: string[]
          avoid_traits?: string[]
          backstory?: string | null
          base_prompt?: string | null
          bio?: string | null
          card_data?: Json
          clothing_tags?: string[]
          consistency_method?: string | null
          content_rating?: string
          created_at?: string
          creator_id?: string | null
          description?: string
          first_message?: string | null
          forbidden_phrases?: string[]
          gender?: string | null
          id?: string
          image_url?: string | null
          interaction_count?: number
          is_public?: boolean
          likes_count?: number
          locked_traits?: string[]
          mood?: string | null
          name?: string
          persona?: string | null
          personality_traits?: Json
          physical_traits?: Json
          preview_image_url?: string | null
          quick_start?: boolean
          reference_image_url?: string | null
          role?: string | null
          scene_behavior_rules?: Json
          seed_locked?: number | null
          style_preset?: string | null
          system_prompt?: string | null
          tagline?: string | null
          traits?: string | null
          updated_at?: string
          user_id?: string | null
          voice_examples?: string[]
          voice_tone?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "characters_creator_id_fkey"
            columns: ["creator_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "characters_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      chat_experiment_exports: {
        Row: {
          created_at: string
          experiment_count: number
          format: string
          id: string
          run_count: number
          storage_path: string
          user_id: string
        }
        Insert: {
          created_at?: string
          experiment_count: number
          format: string
          id?: string
          run_count: number
          storage_path: string
          user_id: string
        }
        Update: {
          created_at?: string
          experiment_count?: number
          format?: string
          id?: string
          run_count?: number
          storage_path?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "chat_experiment_exports_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      chat_experiment_runs: {
        Row: {
          created_at: string
          discarded_at: string | null
          error: string | null
          experiment_id: string
          finished_at: string | null
          id: string
          input_tokens: number | null
          latency_ms: number | null
          model: string
          model_id: string | null
          output: string | null
          output_tokens: number | null
          parameters: Json
          position: number
          provider: string | null
          rating: number | null
          rerun_of: string | null
          status: string
          time_to_first_token_ms: number | null
          tokens_estimated: boolean | null
          user_id: string
        }
        Insert: {
          created_at?: string
          discarded_at?: string | null
          error?: string | null
          experiment_id: string
          finished_at?: string | null
          id?: string
          input_tokens?: number | null
          latency_ms?: number | null
          model: string
          model_id?: string | null
          output?: string | null
          output_tokens?: number | null
          parameters?: Json
          position: number
          provider?: string | null
          rating?: number | null
          rerun_of?: string | null
          status?: string
          time_to_first_token_ms?: number | null
          tokens_estimated?: boolean | null
          user_id: string
        }
        Update: {
          created_at?: string
          discarded_at?: string | null
          error?: string | null
          experiment_id?: string
          finished_at?: string | null
          id?: string
          input_tokens?: number | null
          latency_ms?: number | null
          model?: string
          model_id?: string | null
          output?: string | null
          output_tokens?: number | null
          parameters?: Json
          position?: number
          provider?: string | null
          rating?: number | null
          rerun_of?: string | null
          status?: string
          time_to_first_token_ms?: number | null
          tokens_estimated?: boolean | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "chat_experiment_runs_experiment_id_fkey"
            columns: ["experiment_id", "user_id"]
            isOneToOne: false
            referencedRelation: "chat_experiments"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "chat_experiment_runs_rerun_of_fkey"
            columns: ["rerun_of"]
            isOneToOne: false
            referencedRelation: "chat_experiment_runs"
            referencedColumns: ["id"]
          },
        ]
      }
      chat_experiments: {
        Row: {
          created_at: string
          history: Json
          id: string
          prompt: string
          system_prompt: string | null
          title: string | null
          updated_at: string
          user_id: string
        }
        Insert: {
          created_at?: string
          history?: Json
          id?: string
          prompt: string
          system_prompt?: string | null
          title?: string | null
          updated_at?: string
          user_id?: string
        }
        Update: {
          created_at?: string
          history?: Json
          id?: string
          prompt?: string
          system_prompt?: string | null
          title?: string | null
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "chat_experiments_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      compel_configs: {
        Row: {
          avg_consistency: number | null
          avg_quality: number | null
          config_hash: string
          config_name: string
          created_at: string
          id: string
          is_active: boolean
          total_tests: number
          updated_at: string
          weights: Json
        }
        Insert: {
          avg_consistency?: number | null
          avg_quality?: number | null
          config_hash?: never
          config_name: string
          created_at?: string
          id?: string
          is_active?: boolean
          total_tests?: number
          updated_at?: string
          weights: Json
        }
        Update: {
          avg_consistency?: number | null
          avg_quality?: number | null
          config_hash?: never
          config_name?: string
          created_at?: string
          id?: string
          is_active?: boolean
          total_tests?: number
          updated_at?: string
          weights?: Json
        }
        Relationships: []
      }
      conversations: {
        Row: {
          character_id: string | null
          conversation_type: string
          created_at: string
          current_message_id: string | null
          id: string
          memory_data: Json
          memory_tier: string
          project_id: string | null
          status: string
          title: string
          updated_at: string
          user_character_id: string | null
          user_id: string
        }
        Insert: {
          character_id?: string | null
          conversation_type?: string
          created_at?: string
          current_message_id?: string | null
          id?: string
          memory_data?: Json
          memory_tier?: string
          project_id?: string | null
          status?: string
          title?: string
          updated_at?: string
          user_character_id?: string | null
          user_id?: string
        }
        Update: {
          character_id?: string | null
          conversation_type?: string
          created_at?: string
          current_message_id?: string | null
          id?: string
          memory_data?: Json
          memory_tier?: string
          project_id?: string | null
          status?: string
          title?: string
          updated_at?: string
          user_character_id?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "conversations_character_id_fkey"
            columns: ["character_id"]
            isOneToOne: false
            referencedRelation: "characters"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "conversations_current_message_id_fkey"
            columns: ["current_message_id", "id"]
            isOneToOne: false
            referencedRelation: "messages"
            referencedColumns: ["id", "conversation_id"]
          },
          {
            foreignKeyName: "conversations_project_id_fkey"
            columns: ["project_id", "user_id"]
            isOneToOne: false
            referencedRelation: "projects"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "conversations_user_character_id_fkey"
            columns: ["user_character_id", "user_id"]
            isOneToOne: false
            referencedRelation: "characters"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "conversations_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      credit_ledger: {
        Row: {
          amount: number
          created_at: string
          created_by: string | null
          id: string
          job_id: string | null
          kind: Database["public"]["Enums"]["credit_entry_kind"]
          reason: string | null
          user_id: string
        }
        Insert: {
          amount: number
          created_at?: string
          created_by?: string | null
          id?: string
          job_id?: string | null
          kind: Database["public"]["Enums"]["credit_entry_kind"]
          reason?: string | null
          user_id: string
        }
        Update: {
          amount?: number
          created_at?: string
          created_by?: string | null
          id?: string
          job_id?: string | null
          kind?: Database["public"]["Enums"]["credit_entry_kind"]
          reason?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "credit_ledger_job_id_fkey"
            columns: ["job_id"]
            isOneToOne: false
            referencedRelation: "jobs"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "credit_ledger_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      enhancement_presets: {
        Row: {
          auto_enhancement: boolean
          compel_weights: Json
          created_at: string
          enable_compel: boolean
          enable_qwen: boolean
          id: string
          is_active: boolean
          is_recommended: boolean
          preset_description: string | null
          preset_name: string
          qwen_settings: Json
          updated_at: string
        }
        Insert: {
          auto_enhancement?: boolean
          compel_weights?: Json
          created_at?: string
          enable_compel?: boolean
          enable_qwen?: boolean
          id?: string
          is_active?: boolean
          is_recommended?: boolean
          preset_description?: string | null
          preset_name: string
          qwen_settings?: Json
          updated_at?: string
        }
        Update: {
          auto_enhancement?: boolean
          compel_weights?: Json
          created_at?: string
          enable_compel?: boolean
          enable_qwen?: boolean
          id?: string
          is_active?: boolean
          is_recommended?: boolean
          preset_description?: string | null
          preset_name?: string
          qwen_settings?: Json
          updated_at?: string
        }
        Relationships: []
      }
      jobs: {
        Row: {
          api_model_id: string | null
          attempts: number
          compel_weights: Json | null
          completed_at: string | null
          created_at: string
          credits_reserved: number
          dequeue_pending: boolean
          destination: string
          enhanced_prompt: string | null
          enhancement_strategy: string | null
          enhancement_time_ms: number | null
          enqueued_at: string | null
          error_code: string | null
          error_message: string | null
          format: string
          id: string
          idempotency_key: string | null
          image_id: string | null
          job_type: string
          last_heartbeat_at: string | null
          lease_expires_at: string | null
          max_attempts: number
          metadata: Json
          model_type: string | null
          moderation_status: string | null
          original_prompt: string | null
          progress: number
          project_id: string | null
          prompt_test_id: string | null
          provider_prediction_id: string | null
          quality: string
          quality_improvement: number | null
          quality_rating: number | null
          queue_name: string | null
          queue_payload: Json | null
          qwen_expansion_percentage: number | null
          review_notes: string | null
          reviewed_at: string | null
          reviewed_by: string | null
          started_at: string | null
          status: Database["public"]["Enums"]["job_status"]
          template_name: string | null
          test_metadata: Json | null
          updated_at: string
          user_id: string
          video_id: string | null
          worker_id: string | null
          workspace_session_id: string | null
        }
        Insert: {
          api_model_id?: string | null
          attempts?: number
          compel_weights?: never
          completed_at?: string | null
          created_at?: string
          credits_reserved?: number
          dequeue_pending?: boolean
          destination?: string
          enhanced_prompt?: string | null
          enhancement_strategy?: string | null
          enhancement_time_ms?: number | null
          enqueued_at?: string | null
          error_code?: string | null
          error_message?: string | null
          format: string
          id?: string
          idempotency_key?: string | null
          image_id?: string | null
          job_type: string
          last_heartbeat_at?: string | null
          lease_expires_at?: string | null
          max_attempts?: number
          metadata?: Json
          model_type?: string | null
          moderation_status?: string | null
          original_prompt?: string | null
          progress?: number
          project_id?: string | null
          prompt_test_id?: string | null
          provider_prediction_id?: string | null
          quality: string
          quality_improvement?: number | null
          quality_rating?: number | null
          queue_name?: string | null
          queue_payload?: Json | null
          qwen_expansion_percentage?: number | null
          review_notes?: string | null
          reviewed_at?: string | null
          reviewed_by?: string | null
          started_at?: string | null
          status?: Database["public"]["Enums"]["job_status"]
          template_name?: string | null
          test_metadata?: Json | null
          updated_at?: string
          user_id: string
          video_id?: string | null
          worker_id?: string | null
          workspace_session_id?: string | null
        }
        Update: {
          api_model_id?: string | null
          attempts?: number
          compel_weights?: never
          completed_at?: string | null
          created_at?: string
          credits_reserved?: number
          dequeue_pending?: boolean
          destination?: string
          enhanced_prompt?: string | null
          enhancement_strategy?: string | null
          enhancement_time_ms?: number | null
          enqueued_at?: string | null
          error_code?: string | null
          error_message?: string | null
          format?: string
          id?: string
          idempotency_key?: string | null
          image_id?: string | null
          job_type?: string
          last_heartbeat_at?: string | null
          lease_expires_at?: string | null
          max_attempts?: number
          metadata?: Json
          model_type?: string | null
          moderation_status?: string | null
          original_prompt?: string | null
          progress?: number
          project_id?: string | null
          prompt_test_id?: string | null
          provider_prediction_id?: string | null
          quality?: string
          quality_improvement?: number | null
          quality_rating?: number | null
          queue_name?: string | null
          queue_payload?: Json | null
          qwen_expansion_percentage?: number | null
          review_notes?: string | null
          reviewed_at?: string | null
          reviewed_by?: string | null
          started_at?: string | null
          status?: Database["public"]["Enums"]["job_status"]
          template_name?: string | null
          test_metadata?: Json | null
          updated_at?: string
          user_id?: string
          video_id?: string | null
          worker_id?: string | null
          workspace_session_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "jobs_api_model_id_fkey"
            columns: ["api_model_id"]
            isOneToOne: false
            referencedRelation: "api_models"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "jobs_project_id_fkey"
            columns: ["project_id", "user_id"]
            isOneToOne: false
            referencedRelation: "projects"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "jobs_prompt_test_id_fkey"
            columns: ["prompt_test_id"]
            isOneToOne: false
            referencedRelation: "model_test_results"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "jobs_reviewed_by_fkey"
            columns: ["reviewed_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "jobs_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      llm_usage_rollups: {
        Row: {
          calls: number
          completion_tokens: number
          cost_usd: number
          failures: number
          minute: string
          model: string
          prompt_tokens: number
          ttft_ms_sum: number
          ttft_samples: number
        }
        Insert: {
          calls: number
          completion_tokens: number
          cost_usd: number
          failures: number
          minute: string
          model: string
          prompt_tokens: number
          ttft_ms_sum: number
          ttft_samples: number
        }
        Update: {
          calls?: number
          completion_tokens?: number
          cost_usd?: number
          failures?: number
          minute?: string
          model?: string
          prompt_tokens?: number
          ttft_ms_sum?: number
          ttft_samples?: number
        }
        Relationships: []
      }
      messages: {
        Row: {
          content: string
          conversation_id: string
          created_at: string
          id: string
          message_type: string
          metadata: Json
          parent_id: string | null
          sender: string
        }
        Insert: {
          content: string
          conversation_id: string
          created_at?: string
          id?: string
          message_type?: string
          metadata?: Json
          parent_id?: string | null
          sender: string
        }
        Update: {
          content?: string
          conversation_id?: string
          created_at?: string
          id?: string
          message_type?: string
          metadata?: Json
          parent_id?: string | null
          sender?: string
        }
        Relationships: [
          {
            foreignKeyName: "messages_conversation_id_fkey"
            columns: ["conversation_id"]
            isOneToOne: false
            referencedRelation: "conversations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "messages_parent_id_fkey"
            columns: ["parent_id", "conversation_id"]
            isOneToOne: false
            referencedRelation: "messages"
            referencedColumns: ["id", "conversation_id"]
          },
        ]
      }
      model_config_history: {
        Row: {
          config_data: Json
          config_name: string
          created_at: string
          created_by: string | null
          id: string
          is_active: boolean
          model_type: string
          notes: string | null
        }
        Insert: {
          config_data: Json
          config_name: string
          created_at?: string
          created_by?: string | null
          id?: string
          is_active?: boolean
          model_type: string
          notes?: string | null
        }
        Update: {
          config_data?: Json
          config_name?: string
          created_at?: string
          created_by?: string | null
          id?: string
          is_active?: boolean
          model_type?: string
          notes?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "model_config_history_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      model_performance_logs: {
        Row: {
          avg_generation_time_ms: number | null
          avg_quality_rating: number | null
          created_at: string
          date: string
          failed_generations: number
          id: string
          model_type: string
          successful_generations: number
          total_generations: number
          total_processing_time_ms: number
          updated_at: string
        }
        Insert: {
          avg_generation_time_ms?: number | null
          avg_quality_rating?: number | null
          created_at?: string
          date: string
          failed_generations?: number
          id?: string
          model_type: string
          successful_generations?: number
          total_generations?: number
          total_processing_time_ms?: number
          updated_at?: string
        }
        Update: {
          avg_generation_time_ms?: number | null
          avg_quality_rating?: number | null
          created_at?: string
          date?: string
          failed_generations?: number
          id?: string
          model_type?: string
          successful_generations?: number
          total_generations?: number
          total_processing_time_ms?: number
          updated_at?: string
        }
        Relationships: []
      }
      model_test_results: {
        Row: {
          consistency: number | null
          content_quality: number | null
          created_at: string
          enhanced_prompt: string | null
          file_size_bytes: number | null
          generation_time_ms: number | null
          id: string
          job_id: string | null
          model_type: string
          model_version: string | null
          notes: string | null
          overall_quality: number | null
          prompt_text: string
          success: boolean
          technical_quality: number | null
          test_category: string | null
          test_metadata: Json
          test_series: string
          test_tier: string
          tested_by: string | null
          updated_at: string
        }
        Insert: {
          consistency?: number | null
          content_quality?: number | null
          created_at?: string
          enhanced_prompt?: string | null
          file_size_bytes?: number | null
          generation_time_ms?: number | null
          id?: string
          job_id?: string | null
          model_type: string
          model_version?: string | null
          notes?: string | null
          overall_quality?: number | null
          prompt_text: string
          success?: boolean
          technical_quality?: number | null
          test_category?: string | null
          test_metadata?: Json
          test_series: string
          test_tier: string
          tested_by?: string | null
          updated_at?: string
        }
        Update: {
          consistency?: number | null
          content_quality?: number | null
          created_at?: string
          enhanced_prompt?: string | null
          file_size_bytes?: number | null
          generation_time_ms?: number | null
          id?: string
          job_id?: string | null
          model_type?: string
          model_version?: string | null
          notes?: string | null
          overall_quality?: number | null
          prompt_text?: string
          success?: boolean
          technical_quality?: number | null
          test_category?: string | null
          test_metadata?: Json
          test_series?: string
          test_tier?: string
          tested_by?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "model_test_results_job_id_fkey"
            columns: ["job_id"]
            isOneToOne: false
            referencedRelation: "jobs"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "model_test_results_tested_by_fkey"
            columns: ["tested_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      negative_prompts: {
        Row: {
          content_mode: string
          created_at: string
          description: string | null
          generation_mode: string
          id: string
          is_active: boolean
          model_type: string
          negative_prompt: string
          priority: number
          updated_at: string
        }
        Insert: {
          content_mode?: string
          created_at?: string
          description?: string | null
          generation_mode?: string
          id?: string
          is_active?: boolean
          model_type: string
          negative_prompt: string
          priority?: number
          updated_at?: string
        }
        Update: {
          content_mode?: string
          created_at?: string
          description?: string | null
          generation_mode?: string
          id?: string
          is_active?: boolean
          model_type?: string
          negative_prompt?: string
          priority?: number
          updated_at?: string
        }
        Relationships: []
      }
      profiles: {
        Row: {
          age_verified: boolean
          age_verified_at: string | null
          birth_date: string | null
          created_at: string
          default_user_character_id: string | null
          id: string
          subscription_status: string
          token_balance: number
          updated_at: string
          username: string | null
        }
        Insert: {
          age_verified?: boolean
          age_verified_at?: string | null
          birth_date?: string | null
          created_at?: string
          default_user_character_id?: string | null
          id: string
          subscription_status?: string
          token_balance?: number
          updated_at?: string
          username?: string | null
        }
        Update: {
          age_verified?: boolean
          age_verified_at?: string | null
          birth_date?: string | null
          created_at?: string
          default_user_character_id?: string | null
          id?: string
          subscription_status?: string
          token_balance?: number
          updated_at?: string
          username?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "profiles_default_user_character_id_fkey"
            columns: ["default_user_character_id", "id"]
            isOneToOne: false
            referencedRelation: "characters"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "profiles_id_fkey"
            columns: ["id"]
            isOneToOne: true
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      projects: {
        Row: {
          character_id: string | null
          created_at: string
          duration: number | null
          enhanced_prompt: string | null
          id: string
          media_type: string
          original_prompt: string
          preview_url: string | null
          reference_image_url: string | null
          scene_count: number
          title: string | null
          updated_at: string
          user_id: string
          workflow_step: string | null
        }
        Insert: {
          character_id?: string | null
          created_at?: string
          duration?: number | null
          enhanced_prompt?: string | null
          id?: string
          media_type: string
          original_prompt: string
          preview_url?: string | null
          reference_image_url?: string | null
          scene_count?: number
          title?: string | null
          updated_at?: string
          user_id?: string
          workflow_step?: string | null
        }
        Update: {
          character_id?: string | null
          created_at?: string
          duration?: number | null
          enhanced_prompt?: string | null
          id?: string
          media_type?: string
          original_prompt?: string
          preview_url?: string | null
          reference_image_url?: string | null
          scene_count?: number
          title?: string | null
          updated_at?: string
          user_id?: string
          workflow_step?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "projects_character_id_fkey"
            columns: ["character_id"]
            isOneToOne: false
            referencedRelation: "characters"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "projects_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      prompt_ab_tests: {
        Row: {
          baseline_avg_quality: number | null
          baseline_config: Json
          candidate_percent: number | null
          completed_at: string | null
          confidence_level: number | null
          created_at: string
          enhanced_avg_quality: number | null
          enhanced_config: Json
          id: string
          is_complete: boolean
          quality_improvement: number | null
          template_name: string | null
          test_name: string
          test_series: string
          total_participants: number
        }
        Insert: {
          baseline_avg_quality?: number | null
          baseline_config: Json
          candidate_percent?: number | null
          completed_at?: string | null
          confidence_level?: number | null
          created_at?: string
          enhanced_avg_quality?: number | null
          enhanced_config: Json
          id?: string
          is_complete?: boolean
          quality_improvement?: number | null
          template_name?: string | null
          test_name: string
          test_series: string
          total_participants?: number
        }
        Update: {
          baseline_avg_quality?: number | null
          baseline_config?: Json
          candidate_percent?: number | null
          completed_at?: string | null
          confidence_level?: number | null
          created_at?: string
          enhanced_avg_quality?: number | null
          enhanced_config?: Json
          id?: string
          is_complete?: boolean
          quality_improvement?: number | null
          template_name?: string | null
          test_name?: string
          test_series?: string
          total_participants?: number
        }
        Relationships: []
      }
      prompt_template_labels: {
        Row: {
          label: string
          moved_at: string
          moved_by: string | null
          template_name: string
          version: number
        }
        Insert: {
          label: string
          moved_at?: string
          moved_by?: string | null
          template_name: string
          version: number
        }
        Update: {
          label?: string
          moved_at?: string
          moved_by?: string | null
          template_name?: string
          version?: number
        }
        Relationships: [
          {
            foreignKeyName: "prompt_template_labels_moved_by_fkey"
            columns: ["moved_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "prompt_template_labels_template_version_fkey"
            columns: ["template_name", "version"]
            isOneToOne: false
            referencedRelation: "prompt_templates"
            referencedColumns: ["template_name", "version"]
          },
        ]
      }
      prompt_templates: {
        Row: {
          comment: string | null
          content_mode: string
          created_at: string
          created_by: string | null
          description: string | null
          enhancer_model: string
          id: string
          is_active: boolean
          job_category: string | null
          job_type: string | null
          metadata: Json
          system_prompt: string
          target_model: string | null
          template_name: string
          token_limit: number | null
          updated_at: string
          use_case: string
          version: number
        }
        Insert: {
          comment?: string | null
          content_mode?: string
          created_at?: string
          created_by?: string | null
          description?: string | null
          enhancer_model: string
          id?: string
          is_active?: boolean
          job_category?: string | null
          job_type?: string | null
          metadata?: Json
          system_prompt: string
          target_model?: string | null
          template_name: string
          token_limit?: number | null
          updated_at?: string
          use_case: string
          version?: number
        }
        Update: {
          comment?: string | null
          content_mode?: string
          created_at?: string
          created_by?: string | null
          description?: string | null
          enhancer_model?: string
          id?: string
          is_active?: boolean
          job_category?: string | null
          job_type?: string | null
          metadata?: Json
          system_prompt?: string
          target_model?: string | null
          template_name?: string
          token_limit?: number | null
          updated_at?: string
          use_case?: string
          version?: number
        }
        Relationships: [
          {
            foreignKeyName: "prompt_templates_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      request_rollups: {
        Row: {
          cache_hits: number
          cache_misses: number
          client_errors: number
          db_round_trips: number
          function_name: string
          latency_buckets: number[]
          latency_max_ms: number
          latency_sum_ms: number
          minute: string
          redis_round_trips: number
          requests: number
          route: string
          server_errors: number
        }
        Insert: {
          cache_hits: number
          cache_misses: number
          client_errors: number
          db_round_trips: number
          function_name: string
          latency_buckets: number[]
          latency_max_ms: number
          latency_sum_ms: number
          minute: string
          redis_round_trips: number
          requests: number
          route: string
          server_errors: number
        }
        Update: {
          cache_hits?: number
          cache_misses?: number
          client_errors?: number
          db_round_trips?: number
          function_name?: string
          latency_buckets?: number[]
          latency_max_ms?: number
          latency_sum_ms?: number
          minute?: string
          redis_round_trips?: number
          requests?: number
          route?: string
          server_errors?: number
        }
        Relationships: []
      }
      scenes: {
        Row: {
          atmosphere: Json
          content_rating: string
          created_at: string
          description: string
          id: string
          is_public: boolean
          name: string
          narrative_style: string | null
          preview_image_url: string | null
          scenario_type: string | null
          scene_prompt: string | null
          scene_starters: string[]
          setting: string | null
          tags: string[]
          time_of_day: string | null
          updated_at: string
          usage_count: number
          user_id: string | null
        }
        Insert: {
          atmosphere?: Json
          content_rating?: string
          created_at?: string
          description: string
          id?: string
          is_public?: boolean
          name: string
          narrative_style?: string | null
          preview_image_url?: string | null
          scenario_type?: string | null
          scene_prompt?: string | null
          scene_starters?: string[]
          setting?: string | null
          tags?: string[]
          time_of_day?: string | null
          updated_at?: string
          usage_count?: number
          user_id?: string | null
        }
        Update: {
          atmosphere?: Json
          content_rating?: string
          created_at?: string
          description?: string
          id?: string
          is_public?: boolean
          name?: string
          narrative_style?: string | null
          preview_image_url?: string | null
          scenario_type?: string | null
          scene_prompt?: string | null
          scene_starters?: string[]
          setting?: string | null
          tags?: string[]
          time_of_day?: string | null
          updated_at?: string
          usage_count?: number
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "scenes_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      storage_removals: {
        Row: {
          attempts: number
          bucket_id: string
          created_at: string
          due_at: string
          last_error: string | null
          object_path: string
        }
        Insert: {
          attempts?: number
          bucket_id: string
          created_at?: string
          due_at?: string
          last_error?: string | null
          object_path: string
        }
        Update: {
          attempts?: number
          bucket_id?: string
          created_at?: string
          due_at?: string
          last_error?: string | null
          object_path?: string
        }
        Relationships: []
      }
      system_config: {
        Row: {
          created_at: string
          description: string
          is_public: boolean
          key: string
          updated_at: string
          value: Json
          value_type: string
        }
        Insert: {
          created_at?: string
          description: string
          is_public?: boolean
          key: string
          updated_at?: string
          value: Json
          value_type: string
        }
        Update: {
          created_at?: string
          description?: string
          is_public?: boolean
          key?: string
          updated_at?: string
          value?: Json
          value_type?: string
        }
        Relationships: []
      }
      system_metrics: {
        Row: {
          cache_hits: number
          cache_misses: number
          created_at: string
          db_round_trips: number
          error_type: string | null
          function_name: string
          id: string
          latency_ms: number
          metadata: Json
          outcome: string
          redis_round_trips: number
          request_id: string | null
          route: string
          status_code: number
          user_id: string | null
        }
        Insert: {
          cache_hits?: number
          cache_misses?: number
          created_at?: string
          db_round_trips?: number
          error_type?: string | null
          function_name: string
          id?: string
          latency_ms: number
          metadata?: Json
          outcome: string
          redis_round_trips?: number
          request_id?: string | null
          route: string
          status_code: number
          user_id?: string | null
        }
        Update: {
          cache_hits?: number
          cache_misses?: number
          created_at?: string
          db_round_trips?: number
          error_type?: string | null
          function_name?: string
          id?: string
          latency_ms?: number
          metadata?: Json
          outcome?: string
          redis_round_trips?: number
          request_id?: string | null
          route?: string
          status_code?: number
          user_id?: string | null
        }
        Relationships: []
      }
      usage_logs: {
        Row: {
          action: string
          created_at: string
          credits_consumed: number
          format: string | null
          id: string
          job_id: string | null
          metadata: Json
          quality: string | null
          user_id: string
        }
        Insert: {
          action: string
          created_at?: string
          credits_consumed?: number
          format?: string | null
          id?: string
          job_id?: string | null
          metadata?: Json
          quality?: string | null
          user_id: string
        }
        Update: {
          action?: string
          created_at?: string
          credits_consumed?: number
          format?: string | null
          id?: string
          job_id?: string | null
          metadata?: Json
          quality?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "usage_logs_job_id_fkey"
            columns: ["job_id"]
            isOneToOne: false
            referencedRelation: "jobs"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "usage_logs_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      user_activity_log: {
        Row: {
          action: string
          created_at: string
          id: string
          ip_address: unknown
          metadata: Json
          resource_id: string | null
          resource_type: string | null
          user_agent: string | null
          user_id: string
        }
        Insert: {
          action: string
          created_at?: string
          id?: string
          ip_address?: unknown
          metadata?: Json
          resource_id?: string | null
          resource_type?: string | null
          user_agent?: string | null
          user_id: string
        }
        Update: {
          action?: string
          created_at?: string
          id?: string
          ip_address?: unknown
          metadata?: Json
          resource_id?: string | null
          resource_type?: string | null
          user_agent?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "user_activity_log_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      user_collections: {
        Row: {
          created_at: string
          description: string | null
          id: string
          name: string
          updated_at: string
          user_id: string
        }
        Insert: {
          created_at?: string
          description?: string | null
          id?: string
          name: string
          updated_at?: string
          user_id?: string
        }
        Update: {
          created_at?: string
          description?: string | null
          id?: string
          name?: string
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "user_collections_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      user_library: {
        Row: {
          asset_type: string
          character_id: string | null
          collection_id: string | null
          content_category: string | null
          created_at: string
          custom_title: string | null
          duration_seconds: number | null
          file_size_bytes: number
          generation_seed: number | null
          generation_settings: Json
          height: number | null
          id: string
          is_favorite: boolean
          mime_type: string
          model_used: string
          original_prompt: string
          roleplay_metadata: Json
          storage_path: string
          tags: string[]
          thumbnail_path: string | null
          updated_at: string
          user_id: string
          visibility: string
          width: number | null
          workspace_asset_id: string | null
        }
        Insert: {
          asset_type: string
          character_id?: string | null
          collection_id?: string | null
          content_category?: string | null
          created_at?: string
          custom_title?: string | null
          duration_seconds?: number | null
          file_size_bytes: number
          generation_seed?: number | null
          generation_settings?: Json
          height?: number | null
          id?: string
          is_favorite?: boolean
          mime_type: string
          model_used: string
          original_prompt: string
          roleplay_metadata?: Json
          storage_path: string
          tags?: string[]
          thumbnail_path?: string | null
          updated_at?: string
          user_id: string
          visibility?: string
          width?: number | null
          workspace_asset_id?: string | null
        }
        Update: {
          asset_type?: string
          character_id?: string | null
          collection_id?: string | null
          content_category?: string | null
          created_at?: string
          custom_title?: string | null
          duration_seconds?: number | null
          file_size_bytes?: number
          generation_seed?: number | null
          generation_settings?: Json
          height?: number | null
          id?: string
          is_favorite?: boolean
          mime_type?: string
          model_used?: string
          original_prompt?: string
          roleplay_metadata?: Json
          storage_path?: string
          tags?: string[]
          thumbnail_path?: string | null
          updated_at?: string
          user_id?: string
          visibility?: string
          width?: number | null
          workspace_asset_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "user_library_character_id_fkey"
            columns: ["character_id", "user_id"]
            isOneToOne: false
            referencedRelation: "characters"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "user_library_collection_id_fkey"
            columns: ["collection_id", "user_id"]
            isOneToOne: false
            referencedRelation: "user_collections"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "user_library_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      user_roles: {
        Row: {
          created_at: string
          id: string
          role: Database["public"]["Enums"]["app_role"]
          user_id: string
        }
        Insert: {
          created_at?: string
          id?: string
          role: Database["public"]["Enums"]["app_role"]
          user_id: string
        }
        Update: {
          created_at?: string
          id?: string
          role?: Database["public"]["Enums"]["app_role"]
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "user_roles_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      webhook_deliveries: {
        Row: {
          delivery_id: string
          received_at: string
          source: string
        }
        Insert: {
          delivery_id: string
          received_at?: string
          source: string
        }
        Update: {
          delivery_id?: string
          received_at?: string
          source?: string
        }
        Relationships: []
      }
      workers: {
        Row: {
          capabilities: string[]
          enabled: boolean
          id: string
          last_checked_at: string | null
          last_heartbeat_at: string | null
          metadata: Json
          registered_at: string
          response_time_ms: number | null
          status: Database["public"]["Enums"]["worker_status"]
          updated_at: string
          url: string
          version: string | null
          worker_type: string
        }
        Insert: {
          capabilities?: string[]
          enabled?: boolean
          id?: string
          last_checked_at?: string | null
          last_heartbeat_at?: string | null
          metadata?: Json
          registered_at?: string
          response_time_ms?: number | null
          status?: Database["public"]["Enums"]["worker_status"]
          updated_at?: string
          url: string
          version?: string | null
          worker_type: string
        }
        Update: {
          capabilities?: string[]
          enabled?: boolean
          id?: string
          last_checked_at?: string | null
          last_heartbeat_at?: string | null
          metadata?: Json
          registered_at?: string
          response_time_ms?: number | null
          status?: Database["public"]["Enums"]["worker_status"]
          updated_at?: string
          url?: string
          version?: string | null
          worker_type?: string
        }
        Relationships: []
      }
      workspace_assets: {
        Row: {
          asset_index: number
          asset_type: string
          created_at: string
          duration_seconds: number | null
          expires_at: string
          file_size_bytes: number | null
          generation_seed: number | null
          generation_settings: Json
          height: number | null
          id: string
          job_id: string
          mime_type: string | null
          model_used: string | null
          original_prompt: string | null
          temp_storage_path: string
          thumbnail_path: string | null
          user_id: string
          width: number | null
        }
        Insert: {
          asset_index: number
          asset_type: string
          created_at?: string
          duration_seconds?: number | null
          expires_at?: string
          file_size_bytes?: number | null
          generation_seed?: number | null
          generation_settings?: Json
          height?: number | null
          id?: string
          job_id: string
          mime_type?: string | null
          model_used?: string | null
          original_prompt?: string | null
          temp_storage_path: string
          thumbnail_path?: string | null
          user_id: string
          width?: number | null
        }
        Update: {
          asset_index?: number
          asset_type?: string
          created_at?: string
          duration_seconds?: number | null
          expires_at?: string
          file_size_bytes?: number | null
          generation_seed?: number | null
          generation_settings?: Json
          height?: number | null
          id?: string
          job_id?: string
          mime_type?: string | null
          model_used?: string | null
          original_prompt?: string | null
          temp_storage_path?: string
          thumbnail_path?: string | null
          user_id?: string
          width?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "workspace_assets_job_id_fkey"
            columns: ["job_id", "user_id"]
            isOneToOne: false
            referencedRelation: "jobs"
            referencedColumns: ["id", "user_id"]
          },
          {
            foreignKeyName: "workspace_assets_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      [_ in never]: never
    }
    Enums: {
      app_role: "admin" | "moderator" | "premium_user" | "basic_user" | "guest"
      batch_item_status:
        | "pending"
        | "queued"
        | "processing"
        | "completed"
        | "failed"
        | "cancelled"
      batch_status:
        | "queued"
        | "processing"
        | "paused"
        | "completed"
        | "failed"
        | "cancelled"
      credit_entry_kind: "reserve" | "settle" | "refund" | "grant" | "adjust"
      job_status: "queued" | "processing" | "completed" | "failed" | "cancelled"
      worker_status: "healthy" | "unhealthy" | "unknown"
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      app_role: ["admin", "moderator", "premium_user", "basic_user", "guest"],
      batch_item_status: [
        "pending",
        "queued",
        "processing",
        "completed",
        "failed",
        "cancelled",
      ],
      batch_status: [
        "queued",
        "processing",
        "paused",
        "completed",
        "failed",
        "cancelled",
      ],
      credit_entry_kind: ["reserve", "settle", "refund", "grant", "adjust"],
      job_status: ["queued", "processing", "completed", "failed", "cancelled"],
      worker_status: ["healthy", "unhealthy", "unknown"],
    },
  },
} as const
